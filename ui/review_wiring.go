package ui

import (
	"kpi/ui/frame"
	"kpi/ui/review"
)

// reviewOptions are the Review view's: where its reports go, the app's clock, and a running timer redrawn every second while
// the app is live — polling the file, as the running app does; snapshots and
// tests do not poll, and their timer is drawn when something else redraws.
func reviewOptions(opt Options) review.Options {
	o := review.Options{Reports: opt.Reports, Now: opt.Now}
	if opt.Watch != nil && opt.PollEvery > 0 {
		o.TickEvery = review.DefaultTickEvery
	}
	return o
}

// takesBack reports whether the active view has a mode of its own that esc
// leaves (the Review view's walkthrough), so esc goes to it rather than back to
// the previous view.
func takesBack(p frame.Page) bool {
	b, ok := p.(frame.Backer)
	return ok && b.HandlesBack()
}
