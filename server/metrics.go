package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics is what GET /metrics exposes to Prometheus: requests by route, their latency, how
// far the search index trails the change log, and the Go runtime. Each App has its own
// registry, so tests can open several apps in one process.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(a *App) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "khlang_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "khlang_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"route"}),
	}
	// The index lag is read when Prometheus scrapes, so it costs nothing between scrapes.
	lastChange := func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		seq, err := a.Store.LastChange(ctx)
		if err != nil {
			return -1
		}
		return float64(seq)
	}
	m.reg.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "khlang_change_log_seq",
			Help: "Sequence number of the newest catalog change (-1 when the database does not answer).",
		}, lastChange),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "khlang_search_index_seq",
			Help: "Sequence number of the last change the search index has applied.",
		}, func() float64 { return float64(a.Index.Seq()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "khlang_search_index_documents",
			Help: "Datasets in the search index.",
		}, func() float64 {
			n, err := a.Index.DocCount()
			if err != nil {
				return -1
			}
			return float64(n)
		}),
	)
	return m
}

// handler serves the registry in Prometheus' text format to a sysadmin's API token
// (Prometheus sends it with its authorization setting): the numbers count private
// datasets too, and a request from the loopback may be a local proxy's, so no address is
// trusted instead.
func (m *metrics) handler(a *App) http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.tokenActor(r).Sysadmin() {
			w.Header().Set("WWW-Authenticate", `Bearer realm="khlang metrics"`)
			http.Error(w, "metrics need a sysadmin's API token", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// instrument counts and times every request to next under the pattern mux routes it by,
// so the label set stays small however many dataset names are requested.
func (m *metrics) instrument(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, route := mux.Handler(r)
		if route == "" {
			route = "unmatched"
		}
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r)
		m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(rec.code)).Inc()
	})
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	code        int
	wroteHeader bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wroteHeader {
		s.code, s.wroteHeader = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wroteHeader = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer (flushes of streamed dumps).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Flush passes streaming flushes through.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
