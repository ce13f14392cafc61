package db

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrNotEmpty is a copy's refusal of a destination that holds a team already.
var ErrNotEmpty = errors.New("the destination is not empty")

// CopyTeam copies everything in src (read in one snapshot, as Export does)
// into dest, a team file path or a server DSN: created when it does not
// exist, or an existing team with no objectives, KPIs, values, reviews or
// action items (ImportDataset refuses any other). Who entered each row and
// when are kept; the change log of dest gets one row saying who copied it.
// The copy is verified: dest's export must equal src's, field for field, or
// the copy is an error (a file made for it is removed).
func CopyTeam(src *Store, dest string, opt Options) error {
	ds, err := src.Export()
	if err != nil {
		return err
	}
	want, err := json.Marshal(ds)
	if err != nil {
		return err
	}
	made := false
	var st *Store
	if exists(dest) {
		if st, err = Open(dest, opt); err != nil {
			return err
		}
		if err := st.ImportDataset(ds); err != nil {
			st.Close()
			return fmt.Errorf("%w: %v", ErrNotEmpty, err)
		}
	} else {
		st, err = CreateFilled(dest, opt, ds.Settings, func(d *Store) error { return d.ImportDataset(ds) })
		if err != nil {
			return err
		}
		made = true
	}
	defer st.Close()
	back, err := st.Export()
	if err != nil {
		return err
	}
	got, err := json.Marshal(back)
	if err != nil {
		return err
	}
	if !bytes.Equal(want, got) {
		if made && !IsServerDSN(dest) {
			st.Close()
			os.Remove(st.Path())
		}
		return fmt.Errorf("the copy at %s does not read back as the original (its export differs); do not use it", st.Path())
	}
	return nil
}

// exists says whether dest names a team file or a team on a server that is
// there already.
func exists(dest string) bool {
	if !IsServerDSN(dest) {
		abs, err := filepath.Abs(dest)
		if err != nil {
			return false
		}
		_, err = os.Lstat(abs)
		return !errors.Is(err, fs.ErrNotExist)
	}
	return serverTeamExists(dest)
}
