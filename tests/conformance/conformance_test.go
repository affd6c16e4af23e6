package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	goplugin "github.com/hashicorp/go-plugin"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

func TestMain(m *testing.M) {
	if executable == "" {
		fmt.Fprintln(os.Stderr, "PMM_CONFORMANCE_EXECUTABLE is not set: run the suite through tests/conformance/run.ts")
		os.Exit(2)
	}
	if _, err := os.Stat(executable); err != nil {
		fmt.Fprintf(os.Stderr, "backend executable: %v\n", err)
		os.Exit(2)
	}
	// Grafana passes its own environment to plugins; a NODE_OPTIONS set for Grafana must not reach Node.
	os.Setenv("NODE_OPTIONS", hostileNodeOptions)
	os.Exit(m.Run())
}

// slow stretches a time limit for an emulated run (PMM_CONFORMANCE_RUNNER set: qemu-user).
func slow(limit time.Duration) time.Duration {
	if len(runner) > 0 {
		return 10 * limit
	}
	return limit
}

// metric prints one measured figure in a form the runner collects.
func metric(t testing.TB, name string, value any) {
	t.Helper()
	t.Logf("conformance-metric %s=%v", name, value)
}

// unixSocket is the socket path of a started plugin (go-plugin's reattach address).
func unixSocket(t testing.TB, p *plugin) string {
	t.Helper()
	reattach := p.client.ReattachConfig()
	if reattach == nil || reattach.Addr == nil {
		t.Fatal("no reattach address")
	}
	if reattach.Addr.Network() != "unix" {
		t.Fatalf("network %q, want unix", reattach.Addr.Network())
	}
	return reattach.Addr.String()
}

func TestHandshake(t *testing.T) {
	p := startPlugin(t)
	if got := p.client.NegotiatedVersion(); got != 2 {
		t.Errorf("negotiated protocol version %d, want 2", got)
	}
	if got := p.client.Protocol(); got != goplugin.ProtocolGRPC {
		t.Errorf("protocol %q, want grpc", got)
	}
	socket := unixSocket(t, p)
	if _, err := os.Stat(socket); err != nil {
		t.Errorf("socket: %v", err)
	}
	metric(t, "start_to_dispensable_ms", p.startedIn.Milliseconds())
}

func TestMagicCookieRequired(t *testing.T) {
	cmd := command()
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() == 0 {
			t.Errorf("without the magic cookie: %v, want a non-zero exit", err)
		}
	case <-time.After(slow(10 * time.Second)):
		_ = cmd.Process.Kill()
		t.Fatal("without the magic cookie it kept running")
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout without the magic cookie: %q, want nothing", stdout.String())
	}
	if strings.TrimSpace(stderr.String()) == "" {
		t.Error("no message on stderr without the magic cookie")
	}
}

func TestUnixSocketDir(t *testing.T) {
	dir, err := os.MkdirTemp("", "pmm-socket-dir-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// go-plugin sets PLUGIN_UNIX_SOCKET_DIR itself only with a RunnerFunc (Grafana's container mode).
	p := startPlugin(t, func(c *goplugin.ClientConfig) {
		c.Cmd.Env = append(c.Cmd.Env, "PLUGIN_UNIX_SOCKET_DIR="+dir)
	})
	if socket := unixSocket(t, p); !strings.HasPrefix(socket, dir+string(filepath.Separator)) {
		t.Errorf("socket %s is not under PLUGIN_UNIX_SOCKET_DIR %s", socket, dir)
	}
}

func TestKill(t *testing.T) {
	// What is checked is that the plugin honours Shutdown: go-plugin SIGKILLs one that ignores it after
	// 2 s, so "well before 2 s" is the property. How fast it exits is a figure (kill_ms, printed by the
	// run), not a test: on a loaded 2-core machine a 40 ms exit took 141 ms.
	limit := 1500 * time.Millisecond
	if ms, err := strconv.Atoi(os.Getenv("PMM_CONFORMANCE_KILL_MS")); err == nil {
		limit = time.Duration(ms) * time.Millisecond
	}
	p := startPlugin(t)
	socket := unixSocket(t, p)
	started := time.Now()
	p.client.Kill() // GRPCController.Shutdown, then up to 2 s before SIGKILL
	took := time.Since(started)
	metric(t, "kill_ms", took.Milliseconds())
	if !p.client.Exited() {
		t.Fatal("still running after Kill")
	}
	if took > limit {
		t.Errorf("Kill took %v, want under %v (a plugin that ignores Shutdown is SIGKILLed after 2 s)", took, limit)
	}
	if err := syscall.Kill(p.pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process %d still exists after Kill (%v)", p.pid, err)
	}
	if _, err := os.Stat(socket); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket %s left behind after Kill", socket)
	}
}

func TestSigterm(t *testing.T) {
	p := startPlugin(t)
	socket := unixSocket(t, p)
	if err := syscall.Kill(p.pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(slow(2 * time.Second))
	for !p.client.Exited() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if !p.client.Exited() {
		t.Fatalf("still running %v after SIGTERM", slow(2*time.Second))
	}
	if _, err := os.Stat(socket); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket %s left behind after SIGTERM", socket)
	}
}

// TestDataSource runs every data source call against one long-lived process, as Grafana keeps one.
func TestDataSource(t *testing.T) {
	needDemo(t)
	kpis := catalogue(t)
	jsonData := demoJSONData(t)
	demo := dataSource(t, "pmm-demo", jsonData)
	p := startPlugin(t)
	now := time.Now()
	timeRange := backend.TimeRange{From: now.Add(-72 * time.Hour), To: now}

	t.Run("CheckHealth/demo world is OK", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		started := time.Now()
		res, err := p.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: pluginContext(demo, viewer)})
		if err != nil {
			t.Fatal(err)
		}
		metric(t, "check_health_ms", time.Since(started).Milliseconds())
		result := backend.FromProto().CheckHealthResponse(res)
		t.Logf("CheckHealth: %s %q %s", result.Status, result.Message, result.JSONDetails)
		if result.Status != backend.HealthStatusOk {
			t.Errorf("status %s (%q), want OK", result.Status, result.Message)
		}
		if strings.TrimSpace(result.Message) == "" {
			t.Error("empty message")
		}
		if len(result.JSONDetails) > 0 && !json.Valid(result.JSONDetails) {
			t.Errorf("jsonDetails is not JSON: %s", result.JSONDetails)
		}
	})

	t.Run("CheckHealth/dead node is ERROR", func(t *testing.T) {
		dead := demoJSONData(t)
		nodes, _ := dead["nodes"].([]any)
		if len(nodes) == 0 {
			t.Fatal("the demo settings have no node")
		}
		for _, node := range nodes {
			node.(map[string]any)["url"] = "http://127.0.0.1:1"
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		res, err := p.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{
			PluginContext: pluginContext(dataSource(t, "pmm-dead-node", dead), viewer),
		})
		if err != nil {
			t.Fatal(err)
		}
		result := backend.FromProto().CheckHealthResponse(res)
		t.Logf("CheckHealth: %s %q", result.Status, result.Message)
		if result.Status != backend.HealthStatusError {
			t.Errorf("status %s, want ERROR", result.Status)
		}
		if strings.TrimSpace(result.Message) == "" {
			t.Error("an ERROR with no message")
		}
	})

	for _, mode := range []string{"instant", "range"} {
		mode := mode
		t.Run("QueryData/every KPI "+mode+", no user", func(t *testing.T) {
			queries := make([]backend.DataQuery, 0, len(kpis))
			for _, kpi := range kpis {
				queries = append(queries, dataQuery(t, kpi.ID, map[string]any{"kpi": kpi.ID, "mode": mode}, timeRange))
			}
			started := time.Now()
			responses := queryData(t, p, pluginContext(demo, nil), queries)
			metric(t, "query_all_"+mode+"_ms", time.Since(started).Milliseconds())
			for _, kpi := range kpis {
				t.Run(kpi.ID, func(t *testing.T) {
					res, ok := responses[kpi.ID]
					if !ok {
						t.Fatalf("no response for refId %s", kpi.ID)
					}
					checkKpiFrames(t, kpi, mode, kpi.ID, res, timeRange)
				})
			}
			if rss, peak, err := memory(p.pid); err == nil {
				metric(t, "rss_after_"+mode+"_bytes", rss)
				metric(t, "rss_peak_bytes", peak)
			}
		})
	}

	t.Run("QueryData/with a user as from a dashboard", func(t *testing.T) {
		responses := queryData(t, p, pluginContext(demo, viewer), []backend.DataQuery{
			dataQuery(t, "A", map[string]any{"kpi": kpis[0].ID, "mode": "instant"}, timeRange),
		})
		checkKpiFrames(t, kpis[0], "instant", "A", responses["A"], timeRange)
	})

	t.Run("QueryData/a bad query fails alone", func(t *testing.T) {
		good := dataQuery(t, "good", map[string]any{"kpi": kpis[0].ID, "mode": "instant"}, timeRange)
		unknown := dataQuery(t, "unknown-kpi", map[string]any{"kpi": "no_such_kpi", "mode": "instant"}, timeRange)
		badMode := dataQuery(t, "bad-mode", map[string]any{"kpi": kpis[0].ID, "mode": "sideways"}, timeRange)
		notJSON := dataQuery(t, "not-json", nil, timeRange)
		notJSON.JSON = []byte(`{"kpi": `)
		responses := queryData(t, p, pluginContext(demo, nil), []backend.DataQuery{good, unknown, badMode, notJSON})
		checkKpiFrames(t, kpis[0], "instant", "good", responses["good"], timeRange)
		for _, refID := range []string{"unknown-kpi", "bad-mode", "not-json"} {
			res, ok := responses[refID]
			if !ok {
				t.Errorf("%s: no response", refID)
				continue
			}
			t.Logf("%s: status %d, source %q, error %q", refID, res.Status, res.ErrorSource, res.Error)
			if res.Error == "" {
				t.Errorf("%s: no error", refID)
			}
			if res.Status != int32(backend.StatusBadRequest) {
				t.Errorf("%s: status %d, want %d (the user must fix the query)", refID, res.Status, backend.StatusBadRequest)
			}
			// The SDK's own reading of a 400: the user's query, not the plugin's failure ("downstream").
			if want := backend.ErrorSourceFromHTTPStatus(int(res.Status)); res.ErrorSource != string(want) {
				t.Errorf("%s: error source %q, want %q (as the SDK maps status %d)", refID, res.ErrorSource, want, res.Status)
			}
		}
	})

	t.Run("CallResource/catalogue", func(t *testing.T) {
		code, headers, body := callResource(t, p, pluginContext(demo, viewer), "GET", "catalogue")
		if code != 200 {
			t.Fatalf("code %d, want 200: %s", code, body)
		}
		if ct := header(headers, "Content-Type"); !strings.Contains(strings.ToLower(ct), "json") {
			t.Errorf("Content-Type %q, want JSON", ct)
		}
		ids := catalogueIDs(t, body)
		for _, kpi := range kpis {
			if !ids[kpi.ID] {
				t.Errorf("KPI %s missing from the catalogue resource", kpi.ID)
			}
		}
	})

	t.Run("CallResource/unknown path is 404", func(t *testing.T) {
		code, _, body := callResource(t, p, pluginContext(demo, viewer), "GET", "no/such/resource")
		if code != 404 {
			t.Errorf("code %d, want 404: %s", code, body)
		}
	})

	t.Run("CollectMetrics is Prometheus text", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := p.diagnostics.CollectMetrics(ctx, backend.ToProto().CollectMetricsRequest(&backend.CollectMetricsRequest{
			PluginContext: backend.FromProto().PluginContext(pluginContext(demo, nil)),
		}))
		if err != nil {
			t.Fatal(err)
		}
		text := res.GetMetrics().GetPrometheus()
		if len(text) == 0 {
			t.Fatal("no metrics")
		}
		parser := expfmt.NewTextParser(model.LegacyValidation)
		families, err := parser.TextToMetricFamilies(strings.NewReader(string(text)))
		if err != nil {
			t.Fatalf("not Prometheus text: %v\n%s", err, text)
		}
		if len(families) == 0 {
			t.Fatal("no metric family")
		}
		names := make([]string, 0, len(families))
		for name := range families {
			names = append(names, name)
		}
		t.Logf("%d families: %s", len(families), strings.Join(names, ", "))
	})

	t.Run("stderr is hclog JSON", func(t *testing.T) {
		checkLogLines(t, p.stderr.String())
	})
}

// Requests -------------------------------------------------------------------------------------------

// dataQuery is a query as Grafana's /api/ds/query hands it to a plugin: the panel's query model, with
// datasource, refId, intervalMs and maxDataPoints, as the JSON.
func dataQuery(t *testing.T, refID string, model map[string]any, timeRange backend.TimeRange) backend.DataQuery {
	t.Helper()
	q := backend.DataQuery{
		RefID:         refID,
		MaxDataPoints: 1000,
		Interval:      5 * time.Minute,
		TimeRange:     timeRange,
	}
	if model != nil {
		body := map[string]any{
			"refId":         refID,
			"datasource":    map[string]any{"type": pluginID, "uid": "pmm-demo"},
			"intervalMs":    q.Interval.Milliseconds(),
			"maxDataPoints": q.MaxDataPoints,
		}
		for k, v := range model {
			body[k] = v
		}
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		q.JSON = raw
	}
	return q
}

func queryData(t *testing.T, p *plugin, pc *pluginv2.PluginContext, queries []backend.DataQuery) map[string]*pluginv2.DataResponse {
	t.Helper()
	req := backend.ToProto().QueryDataRequest(&backend.QueryDataRequest{Queries: queries})
	req.PluginContext = pc
	req.Headers = map[string]string{"http_X-Grafana-Org-Id": "1"}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	res, err := p.data.QueryData(ctx, req)
	if err != nil {
		t.Fatalf("QueryData: %v", err)
	}
	// Grafana's own conversion must accept the whole answer (it decodes every frame).
	if _, err := backend.FromProto().QueryDataResponse(res); err != nil {
		t.Fatalf("Grafana cannot read the answer: %v", err)
	}
	for _, q := range queries {
		if _, ok := res.Responses[q.RefID]; !ok {
			t.Errorf("no response for refId %s", q.RefID)
		}
	}
	return res.Responses
}

func callResource(t *testing.T, p *plugin, pc *pluginv2.PluginContext, method, path string) (int, map[string][]string, []byte) {
	t.Helper()
	req := backend.ToProto().CallResourceRequest(&backend.CallResourceRequest{
		Path:    path,
		Method:  method,
		URL:     "/api/datasources/uid/pmm-demo/resources/" + path,
		Headers: map[string][]string{"Accept": {"application/json"}},
	})
	req.PluginContext = pc
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stream, err := p.resource.CallResource(ctx, req)
	if err != nil {
		t.Fatalf("CallResource: %v", err)
	}
	code := 0
	headers := map[string][]string{}
	var body []byte
	for first := true; ; first = false {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			if first {
				t.Fatal("CallResource: empty stream")
			}
			break
		}
		if err != nil {
			t.Fatalf("CallResource: %v", err)
		}
		if first {
			code = int(msg.Code)
			for k, v := range msg.Headers {
				headers[k] = v.Values
			}
		}
		body = append(body, msg.Body...)
	}
	return code, headers, body
}

// header reads an HTTP header whatever the case of its name.
func header(headers map[string][]string, name string) string {
	for k, v := range headers {
		if strings.EqualFold(k, name) {
			return strings.Join(v, ", ")
		}
	}
	return ""
}

// catalogueIDs reads the KPI ids from the catalogue resource: a list of KPIs, or an object holding one.
func catalogueIDs(t *testing.T, body []byte) map[string]bool {
	t.Helper()
	var list []kpiDefinition
	if err := json.Unmarshal(body, &list); err != nil {
		var wrapped map[string]json.RawMessage
		if err2 := json.Unmarshal(body, &wrapped); err2 != nil {
			t.Fatalf("catalogue is not JSON: %v: %.300s", err, body)
		}
		for _, key := range []string{"kpis", "KPIs", "catalogue"} {
			if raw, ok := wrapped[key]; ok {
				if err := json.Unmarshal(raw, &list); err != nil {
					t.Fatalf("catalogue.%s: %v", key, err)
				}
				break
			}
		}
	}
	ids := map[string]bool{}
	for _, kpi := range list {
		ids[kpi.ID] = true
	}
	if len(ids) == 0 {
		t.Fatalf("no KPI in the catalogue resource: %.300s", body)
	}
	return ids
}

// Checks -----------------------------------------------------------------------------------------------

// checkKpiFrames: one KPI's answer is frames Grafana and its alerting read: named after the KPI (and
// the entry of its breakdown), numeric-multi for an instant value, timeseries-multi for a range, one
// float64 field labelled {kpi, area[, breakdown entry]} with the catalogue's unit, and numbers in it.
func checkKpiFrames(t *testing.T, kpi kpiDefinition, mode, refID string, res *pluginv2.DataResponse, timeRange backend.TimeRange) {
	t.Helper()
	if res == nil {
		t.Fatal("no response")
	}
	if res.Error != "" {
		t.Fatalf("error (source %q, status %d): %s", res.ErrorSource, res.Status, res.Error)
	}
	if res.Status != 200 {
		t.Errorf("status %d, want 200 (0 reads as 500)", res.Status)
	}
	frames, err := data.UnmarshalArrowFrames(res.Frames)
	if err != nil {
		t.Fatalf("frames: %v", err)
	}
	if len(frames) == 0 {
		t.Fatal("no frame")
	}
	wantType := data.FrameTypeNumericMulti
	if mode == "range" {
		wantType = data.FrameTypeTimeSeriesMulti
	}
	numbers := 0
	for _, frame := range frames {
		entry := ""
		if frame.Name != kpi.ID {
			if !strings.HasPrefix(frame.Name, kpi.ID+":") {
				t.Errorf("frame name %q, want %q or %q", frame.Name, kpi.ID, kpi.ID+":<entry>")
				continue
			}
			entry = strings.TrimPrefix(frame.Name, kpi.ID+":")
		}
		if frame.RefID != refID {
			t.Errorf("%s: refId %q, want %q", frame.Name, frame.RefID, refID)
		}
		if frame.Meta == nil || frame.Meta.Type != wantType {
			t.Errorf("%s: meta type %v, want %s", frame.Name, frameType(frame), wantType)
		}
		if frame.Meta != nil {
			for _, notice := range frame.Meta.Notices {
				if notice.Severity == data.NoticeSeverityError {
					t.Errorf("%s: error notice: %s", frame.Name, notice.Text)
				}
			}
		}
		var value *data.Field
		switch mode {
		case "instant":
			if len(frame.Fields) != 1 {
				t.Errorf("%s: %d fields, want 1 number", frame.Name, len(frame.Fields))
				continue
			}
			value = frame.Fields[0]
			if value.Len() != 1 {
				t.Errorf("%s: %d values, want 1", frame.Name, value.Len())
			}
		case "range":
			if len(frame.Fields) != 2 {
				t.Errorf("%s: %d fields, want time and number", frame.Name, len(frame.Fields))
				continue
			}
			times := frame.Fields[0]
			value = frame.Fields[1]
			if times.Type() != data.FieldTypeTime {
				t.Errorf("%s: first field is %s, want time (non-null)", frame.Name, times.Type())
				continue
			}
			if kpi.MeasuredAtQueryTime {
				// Revision 2 of the framework: no faked history, one point at the range's end when it ends now.
				if times.Len() > 1 || times.Len() != value.Len() {
					t.Errorf("%s: %d times and %d values, want the same number, at most 1 (measured at query time)", frame.Name, times.Len(), value.Len())
				}
			} else if times.Len() < 2 || times.Len() != value.Len() {
				t.Errorf("%s: %d times and %d values, want the same number, at least 2", frame.Name, times.Len(), value.Len())
			}
			slack := time.Hour
			for i := 0; i < times.Len(); i++ {
				at := times.At(i).(time.Time)
				if at.Before(timeRange.From.Add(-slack)) || at.After(timeRange.To.Add(slack)) {
					t.Errorf("%s: point %d at %s is outside the range %s – %s", frame.Name, i, at, timeRange.From, timeRange.To)
					break
				}
				if i > 0 && !at.After(times.At(i-1).(time.Time)) {
					t.Errorf("%s: times are not increasing at %d", frame.Name, i)
					break
				}
			}
		}
		if value.Type() != data.FieldTypeNullableFloat64 && value.Type() != data.FieldTypeFloat64 {
			t.Errorf("%s: value field is %s, want float64", frame.Name, value.Type())
			continue
		}
		if value.Name != kpi.ID {
			t.Errorf("%s: value field named %q, want %q", frame.Name, value.Name, kpi.ID)
		}
		labels := value.Labels
		if labels["kpi"] != kpi.ID || labels["area"] != kpi.Area {
			t.Errorf("%s: labels %v, want kpi=%s area=%s", frame.Name, labels, kpi.ID, kpi.Area)
		}
		if entry != "" {
			if kpi.Breakdown == "" {
				// Entries beside a value that are not its breakdown (an RFQ probe, every asset's share):
				// labelled `entry`.
				if labels["entry"] != entry {
					t.Errorf("%s: label entry=%q, want %q", frame.Name, labels["entry"], entry)
				}
			} else if labels[kpi.Breakdown] != entry {
				t.Errorf("%s: label %s=%q, want %q", frame.Name, kpi.Breakdown, labels[kpi.Breakdown], entry)
			}
		}
		if value.Config == nil || value.Config.Unit != kpi.Unit {
			unit := ""
			if value.Config != nil {
				unit = value.Config.Unit
			}
			t.Errorf("%s: unit %q, want %q from the catalogue", frame.Name, unit, kpi.Unit)
		}
		for i := 0; i < value.Len(); i++ {
			if f, ok := value.ConcreteAt(i); ok {
				if x, isFloat := f.(float64); isFloat && !math.IsNaN(x) && !math.IsInf(x, 0) {
					numbers++
				}
			}
		}
	}
	// No number is an answer only when a notice says why (VaR before it has 30 daily returns).
	if numbers == 0 && noticesOf(frames) == "no notice" {
		t.Errorf("no number in any of the %d frames, and no notice saying why", len(frames))
	}
}

func frameType(frame *data.Frame) string {
	if frame.Meta == nil {
		return "(no meta)"
	}
	return string(frame.Meta.Type)
}

func noticesOf(frames data.Frames) string {
	var texts []string
	for _, frame := range frames {
		if frame.Meta != nil {
			for _, notice := range frame.Meta.Notices {
				texts = append(texts, notice.Text)
			}
		}
	}
	if len(texts) == 0 {
		return "no notice"
	}
	return strings.Join(texts, "; ")
}

// hclogTimestamp is the layout go-plugin's log_entry.go parses @timestamp with: a line whose
// timestamp does not parse is not read as a structured log entry.
const hclogTimestamp = "2006-01-02T15:04:05.000000Z07:00"

var sixDigitFraction = regexp.MustCompile(`\.\d{6}(Z|[+-])`)

func checkLogLines(t *testing.T, stderr string) {
	t.Helper()
	lines := 0
	for _, line := range strings.Split(stderr, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		lines++
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Errorf("not a JSON log line: %.200s", line)
			continue
		}
		level, _ := entry["@level"].(string)
		switch level {
		case "trace", "debug", "info", "warn", "error":
		default:
			t.Errorf("@level %q in %.200s", level, line)
		}
		if _, ok := entry["@message"].(string); !ok {
			t.Errorf("no @message in %.200s", line)
		}
		ts, _ := entry["@timestamp"].(string)
		if _, err := time.Parse(hclogTimestamp, ts); err != nil || !sixDigitFraction.MatchString(ts) {
			t.Errorf("@timestamp %q is not hclog's %s", ts, hclogTimestamp)
		}
	}
	t.Logf("%d log lines", lines)
}
