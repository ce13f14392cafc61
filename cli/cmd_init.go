package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"kpi/db"
	"kpi/model"
)

func newInitCmd(env *Env, g *globals) *cobra.Command {
	var team string
	cmd := &cobra.Command{
		Use:   "init [PATH]",
		Short: "Create a new, empty team file (refuses an existing path)",
		Args:  argsBetween(0, 1, "[PATH]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				g.dbPath = args[0]
			}
			path, err := resolvePath(env, g)
			if err != nil {
				return err
			}
			if team == "" && db.IsServerDSN(path) {
				team = db.TeamKey(path)
			} else if team == "" {
				team = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
			}
			name, err := model.CleanText("team name", team, model.MaxShortLen, false)
			if err != nil {
				return err
			}
			st, err := db.Create(path, storeOptions(env, g), model.DefaultSettings(name))
			if err != nil {
				return err
			}
			defer st.Close()
			fmt.Fprintf(cmd.OutOrStdout(), "Created %s for team %q.\nNext: import KPI definitions from a JSON export with `kpi import FILE --db %s`, or try `kpi demo`.\n",
				shownTeam(path), name, shellQuote(path))
			return nil
		},
	}
	cmd.Flags().StringVar(&team, "team", "", "the team's name (default: the file's name)")
	return cmd
}
