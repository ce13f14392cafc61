// Package storecontract holds only a test: the contract that ui/fakestore and a
// real db.Store on a temporary file must both keep. The ui tests trust the fake
// to behave like the team file; this test is what earns that trust, so a change
// to either side that makes them disagree fails here rather than in the field.
// It lives outside ui/ because it imports db, which no ui package may.
package storecontract
