package main

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/djinn-go/djinn/djinntest"
	"github.com/djinn-go/djinn/examples/polls/polls"
)

// questionTexts returns the texts of the index's latest_question_list.
func questionTexts(t *testing.T, resp *djinntest.Response) []string {
	t.Helper()
	v, ok := resp.Context("latest_question_list")
	if !ok {
		t.Fatal("no latest_question_list in the context")
	}
	var out []string
	for _, q := range v.([]polls.Question) {
		out = append(out, q.QuestionText)
	}
	return out
}

func assertTexts(t *testing.T, got []string, want ...string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("latest_question_list = %q, want %q", got, want)
	}
}

// The tutorial's QuestionIndexViewTests.
func TestIndexView(t *testing.T) {
	eachDatabase(t, func(t *testing.T, p *project) {
		t.Run("no questions", func(t *testing.T) {
			resp := p.client.Get("/polls/")
			djinntest.AssertContains(t, resp, "No polls are available.")
			djinntest.AssertTemplateUsed(t, resp, "polls/index.html")
			assertTexts(t, questionTexts(t, resp))
		})
		t.Run("past question", func(t *testing.T) {
			q := createQuestion(t, p.db, "Past question.", -30)
			t.Cleanup(func() { deleteQuestions(t, p, q) })
			resp := p.client.Get("/polls/")
			assertTexts(t, questionTexts(t, resp), "Past question.")
			djinntest.AssertContains(t, resp, fmt.Sprintf(`<a href="/polls/%d/">Past question.</a>`, q.ID))
		})
		t.Run("future question", func(t *testing.T) {
			q := createQuestion(t, p.db, "Future question.", 30)
			t.Cleanup(func() { deleteQuestions(t, p, q) })
			resp := p.client.Get("/polls/")
			djinntest.AssertContains(t, resp, "No polls are available.")
			assertTexts(t, questionTexts(t, resp))
		})
		t.Run("future question and past question", func(t *testing.T) {
			past := createQuestion(t, p.db, "Past question.", -30)
			future := createQuestion(t, p.db, "Future question.", 30)
			t.Cleanup(func() { deleteQuestions(t, p, past, future) })
			assertTexts(t, questionTexts(t, p.client.Get("/polls/")), "Past question.")
		})
		t.Run("two past questions", func(t *testing.T) {
			q1 := createQuestion(t, p.db, "Past question 1.", -30)
			q2 := createQuestion(t, p.db, "Past question 2.", -5)
			t.Cleanup(func() { deleteQuestions(t, p, q1, q2) })
			assertTexts(t, questionTexts(t, p.client.Get("/polls/")), "Past question 2.", "Past question 1.")
		})
		t.Run("five latest", func(t *testing.T) {
			var qs []polls.Question
			for i := 1; i <= 6; i++ {
				qs = append(qs, createQuestion(t, p.db, "Question "+strconv.Itoa(i)+".", -i))
			}
			t.Cleanup(func() { deleteQuestions(t, p, qs...) })
			assertTexts(t, questionTexts(t, p.client.Get("/polls/")),
				"Question 1.", "Question 2.", "Question 3.", "Question 4.", "Question 5.")
		})
	})
}

// The tutorial's QuestionDetailViewTests, and the results page.
func TestDetailAndResultsViews(t *testing.T) {
	eachDatabase(t, func(t *testing.T, p *project) {
		future := createQuestion(t, p.db, "Future question.", 5, "Yes")
		past := createQuestion(t, p.db, "Past Question.", -5, "Yes", "No")
		for _, page := range []string{"/polls/%d/", "/polls/%d/results/"} {
			djinntest.AssertStatus(t, p.client.Get(fmt.Sprintf(page, future.ID)), http.StatusNotFound)
			djinntest.AssertStatus(t, p.client.Get(fmt.Sprintf(page, future.ID+past.ID+1)), http.StatusNotFound)
		}
		resp := p.client.Get(fmt.Sprintf("/polls/%d/", past.ID))
		djinntest.AssertContains(t, resp, "Past Question.")
		djinntest.AssertTemplateUsed(t, resp, "polls/detail.html")
		djinntest.AssertContains(t, resp, fmt.Sprintf(`<form action="/polls/%d/vote/" method="post">`, past.ID))
		djinntest.AssertContains(t, resp, `name="csrfmiddlewaretoken"`)
		djinntest.AssertContains(t, resp, `type="radio" name="choice"`, djinntest.Count(2))
		djinntest.AssertContains(t, resp, fmt.Sprintf(`value="%d">`, choiceID(t, p.db, past, "No")))

		p.client.Post(fmt.Sprintf("/polls/%d/vote/", past.ID), djinntest.Form{"choice": {strconv.FormatInt(choiceID(t, p.db, past, "Yes"), 10)}})
		resp = p.client.Get(fmt.Sprintf("/polls/%d/results/", past.ID))
		djinntest.AssertTemplateUsed(t, resp, "polls/results.html")
		djinntest.AssertContains(t, resp, "Yes -- 1 vote</li>")
		djinntest.AssertContains(t, resp, "No -- 0 votes</li>")
		djinntest.AssertContains(t, resp, fmt.Sprintf(`<a href="/polls/%d/">Vote again?</a>`, past.ID))
	})
}

func TestVote(t *testing.T) {
	eachDatabase(t, func(t *testing.T, p *project) {
		q := createQuestion(t, p.db, "Which?", -1, "A", "B")
		other := createQuestion(t, p.db, "Other?", -1, "C")
		future := createQuestion(t, p.db, "Later?", 1, "D")
		vote := fmt.Sprintf("/polls/%d/vote/", q.ID)
		b := strconv.FormatInt(choiceID(t, p.db, q, "B"), 10)

		t.Run("valid vote", func(t *testing.T) {
			resp := p.client.Post(vote, djinntest.Form{"choice": {b}})
			djinntest.AssertRedirects(t, resp, fmt.Sprintf("/polls/%d/results/", q.ID))
			p.client.Post(vote, djinntest.Form{"choice": {b}})
			if got := choiceVotes(t, p.db, q); got["A"] != 0 || got["B"] != 2 {
				t.Errorf("votes = %v, want A:0 B:2", got)
			}
		})
		t.Run("no valid choice", func(t *testing.T) {
			for _, choice := range [][]string{nil, {""}, {"abc"}, {"999999"}, {strconv.FormatInt(choiceID(t, p.db, other, "C"), 10)}} {
				form := djinntest.Form{}
				if choice != nil {
					form["choice"] = choice
				}
				resp := p.client.Post(vote, form)
				djinntest.AssertContains(t, resp, "You didn&#x27;t select a choice.")
				djinntest.AssertTemplateUsed(t, resp, "polls/detail.html")
				djinntest.AssertContains(t, resp, `type="radio" name="choice"`, djinntest.Count(2))
			}
			if got := choiceVotes(t, p.db, q); got["A"] != 0 || got["B"] != 2 {
				t.Errorf("votes = %v, want A:0 B:2", got)
			}
			if got := choiceVotes(t, p.db, other); got["C"] != 0 {
				t.Errorf("another question's choice got a vote: %v", got)
			}
		})
		t.Run("future question", func(t *testing.T) {
			d := strconv.FormatInt(choiceID(t, p.db, future, "D"), 10)
			djinntest.AssertStatus(t, p.client.Post(fmt.Sprintf("/polls/%d/vote/", future.ID), djinntest.Form{"choice": {d}}), http.StatusNotFound)
			if got := choiceVotes(t, p.db, future); got["D"] != 0 {
				t.Errorf("a future question got a vote: %v", got)
			}
		})
		t.Run("GET", func(t *testing.T) {
			djinntest.AssertStatus(t, p.client.Get(vote), http.StatusMethodNotAllowed)
		})
	})
}

var csrfField = regexp.MustCompile(`name="csrfmiddlewaretoken" value="([^"]+)"`)

// TestVoteNeedsTheCSRFToken posts as a browser would, with the client's
// CSRF help off: without the token the vote is refused, with the form's
// token it counts.
func TestVoteNeedsTheCSRFToken(t *testing.T) {
	eachDatabase(t, func(t *testing.T, p *project) {
		q := createQuestion(t, p.db, "Which?", -1, "A")
		a := strconv.FormatInt(choiceID(t, p.db, q, "A"), 10)
		vote := fmt.Sprintf("/polls/%d/vote/", q.ID)
		p.client.EnforceCSRFChecks = true
		djinntest.AssertStatus(t, p.client.Post(vote, djinntest.Form{"choice": {a}}), http.StatusForbidden)

		page := p.client.Get(fmt.Sprintf("/polls/%d/", q.ID))
		m := csrfField.FindStringSubmatch(page.Text())
		if m == nil {
			t.Fatalf("no CSRF token in the form:\n%s", page.Text())
		}
		// A tampered token: its first character changed (to one it is not).
		first := "x"
		if m[1][0] == 'x' {
			first = "y"
		}
		djinntest.AssertStatus(t, p.client.Post(vote, djinntest.Form{"choice": {a}, "csrfmiddlewaretoken": {first + m[1][1:]}}), http.StatusForbidden)
		if got := choiceVotes(t, p.db, q); got["A"] != 0 {
			t.Fatalf("a refused vote counted: %v", got)
		}
		resp := p.client.Post(vote, djinntest.Form{"choice": {a}, "csrfmiddlewaretoken": {m[1]}})
		djinntest.AssertRedirects(t, resp, fmt.Sprintf("/polls/%d/results/", q.ID))
		if got := choiceVotes(t, p.db, q); got["A"] != 1 {
			t.Errorf("votes = %v, want A:1", got)
		}
	})
}

// TestSimultaneousVotesAreAllCounted is part 4's race: votes are
// incremented in the database, so none is lost when many arrive at once.
func TestSimultaneousVotesAreAllCounted(t *testing.T) {
	const voters, votes = 8, 5
	eachDatabase(t, func(t *testing.T, p *project) {
		q := createQuestion(t, p.db, "Race?", -1, "Yes")
		form := djinntest.Form{"choice": {strconv.FormatInt(choiceID(t, p.db, q, "Yes"), 10)}}
		h := p.client.Handler
		var wg sync.WaitGroup
		for range voters {
			c := djinntest.NewClient(t, h) // a client per goroutine
			wg.Go(func() {
				for range votes {
					if resp := c.Post(fmt.Sprintf("/polls/%d/vote/", q.ID), form); resp.StatusCode != http.StatusFound {
						t.Errorf("vote: %d", resp.StatusCode)
					}
				}
			})
		}
		wg.Wait()
		if got := choiceVotes(t, p.db, q); got["Yes"] != voters*votes {
			t.Errorf("votes = %d, want %d", got["Yes"], voters*votes)
		}
	})
}
