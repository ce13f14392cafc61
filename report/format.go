package report

import (
	"fmt"
	"strings"
)

// Format is how a report is written: Markdown for wikis, pull requests and
// the file a concluded review leaves, or Slack's mrkdwn for a chat message.
type Format int

const (
	// FormatMarkdown is CommonMark with GitHub's tables and task lists.
	FormatMarkdown Format = iota
	// FormatSlack is Slack's mrkdwn: *bold*, _italic_, `code` and bullets,
	// without headings, tables or task lists, which Slack shows as typed.
	FormatSlack
)

// Formats are the names `kpi report --format` takes, in Format order.
var Formats = []string{"markdown", "slack"}

// ParseFormat reads a --format name ("md" for markdown too).
func ParseFormat(name string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "markdown", "md":
		return FormatMarkdown, nil
	case "slack":
		return FormatSlack, nil
	}
	return 0, fmt.Errorf("no format %q; choose %s", name, strings.Join(Formats, " or "))
}

// writer is one report being written in a format: the sections call it for
// each heading, emphasis, list and table, and it writes them the format's way.
type writer struct {
	strings.Builder
	f Format
}

// heading writes a heading of level 1 to 3; Slack has none, so it is bold.
func (w *writer) heading(level int, text string) {
	if w.f == FormatSlack {
		fmt.Fprintf(w, "*%s*\n\n", text)
		return
	}
	fmt.Fprintf(w, "%s %s\n\n", strings.Repeat("#", level), text)
}

// bold is text in bold: **text** in Markdown, *text* in Slack.
func (w *writer) bold(text string) string {
	if w.f == FormatSlack {
		return "*" + text + "*"
	}
	return "**" + text + "**"
}

// bullet is one item of a list.
func (w *writer) bullet(text string) string {
	if w.f == FormatSlack {
		return "• " + text
	}
	return "- " + text
}

// task is one item of a checklist, ticked when done: a task list in Markdown,
// a box in Slack, which has none.
func (w *writer) task(done bool, text string) string {
	switch {
	case w.f == FormatSlack && done:
		return "☑ " + text
	case w.f == FormatSlack:
		return "☐ " + text
	case done:
		return "- [x] " + text
	}
	return "- [ ] " + text
}

// table writes rows under head: a Markdown table (cells escaped), or in Slack
// one bullet a row, its first cell in bold and the others after it, each
// labelled with its column unless the column is in bare (a status reads as
// itself), empty cells left out.
func (w *writer) table(head []string, rows [][]string, bare map[int]bool) {
	if w.f == FormatSlack {
		for _, r := range rows {
			parts := []string{}
			for i, c := range r[1:] {
				switch {
				case c == "":
				case bare[i+1]:
					parts = append(parts, c)
				default:
					parts = append(parts, strings.ToLower(head[i+1])+" "+c)
				}
			}
			w.WriteString(w.bullet(w.bold(r[0]) + ": " + strings.Join(parts, ", ") + "\n"))
		}
		w.WriteString("\n")
		return
	}
	w.WriteString("| " + strings.Join(head, " | ") + " |\n|" + strings.Repeat("---|", len(head)) + "\n")
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = cell(c)
		}
		w.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	w.WriteString("\n")
}
