package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// writeManTree writes a roff man page (section 1) for root and each of its
// available commands into dir: kpi.1, kpi-set.1, kpi-config-show.1 …, with
// the name, synopsis, description, options (own and inherited), examples and
// the related pages, as cobra's generator wrote them.
//
// kpi wrote them with cobra's doc package before; it converts help texts from
// Markdown with a library whose package initialisation every run of kpi paid
// (a tenth of its start-up), while kpi's help texts are plain text.
func writeManTree(root *cobra.Command, dir string, date time.Time) error {
	var walk func(c *cobra.Command) error
	walk = func(c *cobra.Command) error {
		c.InitDefaultHelpFlag() // cobra adds -h only to the command it runs
		for _, sub := range c.Commands() {
			if !sub.IsAvailableCommand() || sub.IsAdditionalHelpTopicCommand() {
				continue
			}
			if err := walk(sub); err != nil {
				return err
			}
		}
		name := strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1"
		return os.WriteFile(filepath.Join(dir, name), []byte(manPage(c, date)), 0o644)
	}
	return walk(root)
}

// manPage is one command's man page.
func manPage(c *cobra.Command, date time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, ".nh\n.TH \"KPI\" \"1\" \"%s\" \"kpi %s\" \"kpi manual\"\n\n", date.Format("Jan 2006"), Version)
	dashed := strings.ReplaceAll(c.CommandPath(), " ", "-")
	fmt.Fprintf(&b, ".SH NAME\n%s - %s\n\n", roff(dashed), roff(c.Short))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n\\fB%s\\fP\n\n", roff(c.UseLine()))
	desc := c.Long
	if desc == "" {
		desc = c.Short
	}
	fmt.Fprintf(&b, ".SH DESCRIPTION\n%s\n\n", roffText(desc))
	manFlags(&b, "OPTIONS", c.NonInheritedFlags())
	manFlags(&b, "OPTIONS INHERITED FROM PARENT COMMANDS", c.InheritedFlags())
	if c.Example != "" {
		fmt.Fprintf(&b, ".SH EXAMPLE\n.EX\n%s\n.EE\n\n", roffText(c.Example))
	}
	var see []string
	if c.HasParent() {
		see = append(see, strings.ReplaceAll(c.Parent().CommandPath(), " ", "-"))
	}
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() && !sub.IsAdditionalHelpTopicCommand() {
			see = append(see, dashed+"-"+sub.Name())
		}
	}
	if len(see) > 0 {
		for i, s := range see {
			see[i] = "\\fB" + roff(s) + "(1)\\fP"
		}
		fmt.Fprintf(&b, ".SH SEE ALSO\n%s\n", strings.Join(see, ", "))
	}
	return b.String()
}

// manFlags writes a section of flags, each with its usage, unless none shows.
func manFlags(b *strings.Builder, title string, flags *pflag.FlagSet) {
	var lines []string
	flags.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		head := "\\fB--" + roff(f.Name) + "\\fP"
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			head = "\\fB-" + roff(f.Shorthand) + "\\fP, " + head
		}
		if f.Value.Type() != "bool" || f.DefValue != "false" {
			head += "=" + roff(quotedDefault(f))
		}
		lines = append(lines, ".TP\n"+head+"\n"+roffText(f.Usage))
	})
	if len(lines) > 0 {
		fmt.Fprintf(b, ".SH %s\n%s\n\n", title, strings.Join(lines, "\n"))
	}
}

// quotedDefault is a flag's default as the synopsis shows it ("" for text).
func quotedDefault(f *pflag.Flag) string {
	if f.Value.Type() == "string" {
		return fmt.Sprintf("%q", f.DefValue)
	}
	return f.DefValue
}

// roff escapes text for a roff line: backslashes written as \e.
func roff(s string) string { return strings.ReplaceAll(s, `\`, `\e`) }

// roffText escapes a block of text: roff, and a line starting with a dot or a
// quote (which roff reads as a request) guarded with \&.
func roffText(s string) string {
	lines := strings.Split(strings.TrimSpace(roff(s)), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}
