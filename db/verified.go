package db

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
)

// maxVerified bounds the verified-file cache: the newest entries are kept.
const maxVerified = 32

// isVerified reports whether cache says abs passed quick_check with this stamp.
func isVerified(cache, abs, stamp string) bool {
	if cache == "" || stamp == "" {
		return false
	}
	for _, e := range readVerified(cache) {
		if e == abs+"\t"+stamp {
			return true
		}
	}
	return false
}

// markVerified records that abs passed quick_check with this stamp, replacing
// its older entry. It is a cache: a failure to write it costs a check next time,
// nothing more, so errors are ignored.
func markVerified(cache, abs, stamp string) {
	if cache == "" || stamp == "" {
		return
	}
	entries := []string{abs + "\t" + stamp}
	for _, e := range readVerified(cache) {
		if !strings.HasPrefix(e, abs+"\t") && len(entries) < maxVerified {
			entries = append(entries, e)
		}
	}
	if os.MkdirAll(filepath.Dir(cache), 0o700) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(cache), ".verified-*")
	if err != nil {
		return
	}
	_, werr := tmp.WriteString(strings.Join(entries, "\n") + "\n")
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), cache) != nil {
		os.Remove(tmp.Name())
	}
}

func readVerified(cache string) []string {
	b, err := os.ReadFile(cache)
	if err != nil {
		return nil
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if line := sc.Text(); strings.Contains(line, "\t") {
			out = append(out, line)
		}
	}
	return out
}
