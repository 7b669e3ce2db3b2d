package auth

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/signing"
)

// sessionAuthHash's stack HMAC (and its hmac.New fallback for long
// passwords) agrees with signing.SaltedHMAC, across secrets.
func TestSessionAuthHashAgreesWithSaltedHMAC(t *testing.T) {
	for _, secret := range []string{"one", "two", "one", strings.Repeat("s", 100)} {
		for _, n := range []int{0, 1, 88, 191, 192, 193, 400} {
			password := strings.Repeat("p", n)
			mac, err := signing.SaltedHMAC(SessionAuthHashSalt, password, []byte(secret), "sha256")
			if err != nil {
				t.Fatal(err)
			}
			if got, want := sessionAuthHash(password, secret), hex.EncodeToString(mac); got != want {
				t.Errorf("secret %q, password of %d bytes: %s, want %s", secret, n, got, want)
			}
		}
	}
}
