// Command kpi is a terminal app for a team's weekly KPI review. main is the
// composition root: it hands the real world (streams, environment, clock) to the
// command line in package cli, which opens the team file through package db,
// and gives it the app (app.go), the one place that knows both db and ui.
package main

//go:generate go run ./docs/gen

import (
	"os"
	"time"

	"kpi/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		Now:    time.Now,
		App:    app{},
	}))
}
