package conf_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/djinn-go/djinn/conf"
)

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "settings.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultsAreDjangos(t *testing.T) {
	s := conf.Defaults()
	checks := []struct {
		name string
		ok   bool
	}{
		{"DEBUG off", !s.Debug},
		{"APPEND_SLASH", s.AppendSlash},
		{"nosniff", s.SecureContentTypeNosniff},
		{"referrer", s.SecureReferrerPolicy == "same-origin"},
		{"coop", s.SecureCrossOriginOpenerPolicy == "same-origin"},
		{"xfo", s.XFrameOptions == "DENY"},
		{"upload memory", s.DataUploadMaxMemorySize == 2621440},
		{"fields", s.DataUploadMaxNumberFields == 1000},
		{"files", s.DataUploadMaxNumberFiles == 100},
		{"session cookie", s.SessionCookieName == "sessionid" && s.SessionCookieAge == 1209600 && s.SessionCookieHTTPOnly && s.SessionCookieSameSite == "Lax" && !s.SessionCookieSecure},
		{"csrf cookie", s.CSRFCookieName == "csrftoken" && s.CSRFCookieAge == 31449600 && !s.CSRFCookieHTTPOnly},
		{"hsts off", s.SecureHSTSSeconds == 0},
		{"allowed hosts empty", len(s.AllowedHosts) == 0},
		{"server timeouts", s.ReadHeaderTimeout > 0 && s.ReadTimeout > 0 && s.WriteTimeout > 0 && s.IdleTimeout > 0 && s.MaxHeaderBytes > 0},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("default %s differs from Django", c.name)
		}
	}
}

func TestPrecedenceDefaultsFileEnv(t *testing.T) {
	file := writeFile(t, `{"SECRET_KEY": "from-file", "ALLOWED_HOSTS": ["file.example"], "SECURE_HSTS_SECONDS": 60, "SERVER_READ_TIMEOUT": "5s", "SERVER_IDLE_TIMEOUT": 7}`)
	s, err := conf.Load(conf.Options{File: file, Environ: []string{
		"DJINN_SECRET_KEY=from-env",
		"DJINN_DEBUG=yes",
		"DJINN_DATABASE_URL=postgres://u@h/db",
		"DJINN_CSRF_TRUSTED_ORIGINS=https://a.example, https://*.b.example",
		"DJINN_TEST_POSTGRES=ignored",
		"OTHER=1",
	}})
	if err != nil {
		t.Fatal(err)
	}
	if s.SecretKey != "from-env" {
		t.Errorf("env must win over file: %q", s.SecretKey)
	}
	if len(s.AllowedHosts) != 1 || s.AllowedHosts[0] != "file.example" {
		t.Errorf("file must win over defaults: %v", s.AllowedHosts)
	}
	if s.SecureHSTSSeconds != 60 || s.ReadTimeout != 5*time.Second || s.IdleTimeout != 7*time.Second {
		t.Errorf("file values: %d %v %v", s.SecureHSTSSeconds, s.ReadTimeout, s.IdleTimeout)
	}
	if !s.Debug {
		t.Error("DJINN_DEBUG=yes not applied")
	}
	if s.Databases["default"] != "postgres://u@h/db" {
		t.Errorf("DJINN_DATABASE_URL: %v", s.Databases)
	}
	if len(s.CSRFTrustedOrigins) != 2 || s.CSRFTrustedOrigins[1] != "https://*.b.example" {
		t.Errorf("list from env: %q", s.CSRFTrustedOrigins)
	}
	if s.ReadHeaderTimeout != conf.Defaults().ReadHeaderTimeout {
		t.Error("untouched setting lost its default")
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name    string
		file    string
		env     []string
		wantErr []string
	}{
		{"secret required without debug", "", nil, []string{"SECRET_KEY"}},
		{"unknown key in file", `{"SECRET_KEY":"x","ALLOWD_HOSTS":["a"]}`, nil, []string{"unknown setting ALLOWD_HOSTS"}},
		{"wrong type in file", `{"SECRET_KEY":"x","DEBUG":"maybe"}`, nil, []string{"DEBUG", "boolean"}},
		{"not json", `{`, nil, []string{"parse json"}},
		{"bad bool env", "", []string{"DJINN_SECRET_KEY=x", "DJINN_DEBUG=perhaps"}, []string{"DJINN_DEBUG", "boolean"}},
		{"bad int env", "", []string{"DJINN_SECRET_KEY=x", "DJINN_SECURE_HSTS_SECONDS=ten"}, []string{"DJINN_SECURE_HSTS_SECONDS", "integer"}},
		{"bad duration env", "", []string{"DJINN_SECRET_KEY=x", "DJINN_SERVER_READ_TIMEOUT=soon"}, []string{"SERVER_READ_TIMEOUT", "duration"}},
		{"request id header not a token", "", []string{"DJINN_SECRET_KEY=x", "DJINN_REQUEST_ID_HEADER=X Request: id"}, []string{"REQUEST_ID_HEADER", "not a header name"}},
		{"request id header reserved", "", []string{"DJINN_SECRET_KEY=x", "DJINN_REQUEST_ID_HEADER=transfer-encoding"}, []string{"REQUEST_ID_HEADER", "set by the server"}},
		{"request id header a security header", "", []string{"DJINN_SECRET_KEY=x", "DJINN_REQUEST_ID_HEADER=X-Frame-Options"}, []string{"REQUEST_ID_HEADER", "set by the server"}},
		{"several problems at once", "", []string{"DJINN_X_FRAME_OPTIONS=ALLOW", "DJINN_SECURE_REFERRER_POLICY=nope", "DJINN_DATABASE_URL=oracle://x"}, []string{"SECRET_KEY", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY", "DATABASES", "oracle"}},
		{"trusted origin without scheme", "", []string{"DJINN_SECRET_KEY=x", "DJINN_CSRF_TRUSTED_ORIGINS=example.com"}, []string{"CSRF_TRUSTED_ORIGINS", "scheme"}},
		{"samesite", "", []string{"DJINN_SECRET_KEY=x", "DJINN_SESSION_COOKIE_SAMESITE=lax-ish"}, []string{"SESSION_COOKIE_SAMESITE"}},
		{"time zone", "", []string{"DJINN_SECRET_KEY=x", "DJINN_TIME_ZONE=Mars/Base"}, []string{"TIME_ZONE"}},
		{"proxy header", "", []string{"DJINN_SECRET_KEY=x", "DJINN_SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto"}, []string{"SECURE_PROXY_SSL_HEADER"}},
		{"zero limit", "", []string{"DJINN_SECRET_KEY=x", "DJINN_DATA_UPLOAD_MAX_NUMBER_FIELDS=0"}, []string{"DATA_UPLOAD_MAX_NUMBER_FIELDS"}},
		{"databases pairs", "", []string{"DJINN_SECRET_KEY=x", "DJINN_DATABASES=default"}, []string{"DJINN_DATABASES"}},
		{"default database required", "", []string{"DJINN_SECRET_KEY=x", "DJINN_DATABASES=other=sqlite:///x.db"}, []string{"default"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := conf.Options{Environ: c.env}
			if opts.Environ == nil {
				opts.Environ = []string{}
			}
			if c.file != "" {
				opts.File = writeFile(t, c.file)
			}
			_, err := conf.Load(opts)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	if _, err := conf.Load(conf.Options{File: filepath.Join(t.TempDir(), "missing.json")}); err == nil {
		t.Error("a missing settings file must be an error")
	}
}

func TestDatabaseURLErrorHidesPassword(t *testing.T) {
	_, err := conf.Load(conf.Options{Environ: []string{"DJINN_SECRET_KEY=x", "DJINN_DATABASE_URL=postgres://u:hunter2@h:badport/db"}})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error must exist and not show the password: %v", err)
	}
}

func TestMaskedHidesSecrets(t *testing.T) {
	s := conf.Defaults()
	s.SecretKey = "super-secret-value"
	s.Databases["default"] = "postgres://u:pw@h/db"
	rows := s.Masked()
	found := false
	for _, r := range rows {
		if strings.Contains(r[1], "super-secret") || strings.Contains(r[1], "pw@") {
			t.Errorf("%s shows a secret: %s", r[0], r[1])
		}
		if r[0] == "ALLOWED_HOSTS" {
			found = true
		}
	}
	if !found {
		t.Error("ALLOWED_HOSTS missing from Masked")
	}
}

func TestCloneIsDeep(t *testing.T) {
	s := conf.Defaults()
	s.AllowedHosts = []string{"a"}
	c := s.Clone()
	c.AllowedHosts[0] = "b"
	c.Databases["default"] = "x"
	if s.AllowedHosts[0] != "a" || s.Databases["default"] == "x" {
		t.Error("Clone shares slices or maps")
	}
}

func TestNamesListsEverySetting(t *testing.T) {
	names := conf.Names()
	if len(names) < 50 {
		t.Errorf("only %d settings", len(names))
	}
	for _, want := range []string{"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASES"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("Names lacks %s", want)
		}
	}
}

func TestMiddlewareSettingValidation(t *testing.T) {
	_, err := conf.Load(conf.Options{Environ: []string{"DJINN_SECRET_KEY=x", "DJINN_MIDDLEWARE=security,bogus,security"}})
	if err == nil || !strings.Contains(err.Error(), `unknown middleware "bogus"`) || !strings.Contains(err.Error(), "listed twice") {
		t.Fatalf("MIDDLEWARE validation: %v", err)
	}
	_, err = conf.Load(conf.Options{Environ: []string{"DJINN_SECRET_KEY=x", "DJINN_MIDDLEWARE=csrf", "DJINN_CSRF_USE_SESSIONS=true"}})
	if err == nil || !strings.Contains(err.Error(), "CSRF_USE_SESSIONS") {
		t.Fatalf("csrf in sessions without sessions: %v", err)
	}
}
