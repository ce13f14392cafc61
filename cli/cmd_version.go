package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"kpi/db"
)

// Version is the release of kpi; main may set it at build time with
// -ldflags "-X kpi/cli.Version=v1.2.3".
var Version = "0.1.0-dev"

func newVersionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of kpi and the schema version it writes",
		Args:  argsBetween(0, 0, ""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			v := Version
			if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
				v = info.Main.Version
			}
			fmt.Fprintf(cmd.OutOrStdout(), "kpi %s (schema version %d)\n", v, db.SchemaVersion)
			return nil
		},
	}
}
