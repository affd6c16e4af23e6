package conformance

// The harness: starts the backend executable exactly as Grafana 12.4's grpcplugin client does
// (pkg/plugins/backendplugin/grpcplugin/client.go: go-plugin with Grafana's handshake, gRPC only, no
// AutoMTLS, Grafana's own environment passed through, the SDK's v2 plugin set) and builds requests the
// way Grafana's client_v2 does, through the SDK's backend types and their protobuf conversion.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

const (
	pluginID       = "halo-pmm-datasource"
	grafanaVersion = "12.4.10"
	// A NODE_OPTIONS meant for Grafana's own process: a Node that honoured it would not start.
	hostileNodeOptions = "--require /nonexistent/pmm-conformance-node-options.js"
)

// Inputs from the runner (tests/conformance/run.ts).
var (
	executable    = os.Getenv("PMM_CONFORMANCE_EXECUTABLE")
	runner        = strings.Fields(os.Getenv("PMM_CONFORMANCE_RUNNER"))
	settingsFile  = os.Getenv("PMM_CONFORMANCE_SETTINGS")
	catalogueFile = os.Getenv("PMM_CONFORMANCE_CATALOGUE")
)

// handshake is Grafana's: grpcplugin.ProtocolVersion 2 and the data source magic cookie.
var handshake = goplugin.HandshakeConfig{
	ProtocolVersion:  2,
	MagicCookieKey:   "grafana_plugin_type",
	MagicCookieValue: "datasource",
}

// v2PluginSet is what Grafana dispenses from a backend plugin (renderer and secrets manager aside).
func v2PluginSet() goplugin.PluginSet {
	return goplugin.PluginSet{
		"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
		"resource":    &grpcplugin.ResourceGRPCPlugin{},
		"data":        &grpcplugin.DataGRPCPlugin{},
		"stream":      &grpcplugin.StreamGRPCPlugin{},
	}
}

// grafanaEnv is what Grafana's plugin env provider adds for a data source backend (OSS, no license);
// go-plugin then appends the magic cookie, PLUGIN_MIN_PORT/MAX_PORT and PLUGIN_PROTOCOL_VERSIONS,
// and (SkipHostEnv false, Grafana's default) Grafana's own environment, NODE_OPTIONS included.
func grafanaEnv() []string {
	return []string{
		"GF_VERSION=" + grafanaVersion,
		"GF_APP_URL=http://localhost:3000/",
		"GF_EDITION=Open Source",
		"GF_INSTANCE_FEATURE_TOGGLES_ENABLE=",
		"AWS_AUTH_AllowedAuthProviders=default,keys,credentials",
		"AWS_AUTH_AssumeRoleEnabled=true",
		"GFAZPL_AZURE_CLOUD=AzureCloud",
	}
}

// lockedBuffer collects the plugin's stderr (go-plugin copies each line to ClientConfig.Stderr).
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type plugin struct {
	client      *goplugin.Client
	diagnostics grpcplugin.DiagnosticsClient
	data        grpcplugin.DataClient
	resource    grpcplugin.ResourceClient
	stderr      *lockedBuffer
	startedIn   time.Duration
	pid         int
}

func command() *exec.Cmd {
	if len(runner) > 0 {
		args := append(append([]string{}, runner[1:]...), executable)
		return exec.Command(runner[0], args...)
	}
	return exec.Command(executable)
}

// startPlugin starts the executable as Grafana does and dispenses its v2 clients; Kill at cleanup.
func startPlugin(t testing.TB, configure ...func(*goplugin.ClientConfig)) *plugin {
	t.Helper()
	stderr := &lockedBuffer{}
	cmd := command()
	cmd.Env = grafanaEnv()
	config := &goplugin.ClientConfig{
		Cmd:              cmd,
		HandshakeConfig:  handshake,
		VersionedPlugins: map[int]goplugin.PluginSet{2: v2PluginSet()},
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Logger: hclog.New(&hclog.LoggerOptions{
			Name:   "plugin." + pluginID,
			Level:  hclog.Info,
			Output: testWriter{t},
		}),
		Stderr: stderr,
	}
	for _, c := range configure {
		c(config)
	}
	client := goplugin.NewClient(config)
	started := time.Now()
	protocol, err := client.Client()
	if err != nil {
		client.Kill()
		t.Fatalf("start: %v\nstderr:\n%s", err, stderr.String())
	}
	p := &plugin{client: client, stderr: stderr, startedIn: time.Since(started)}
	if reattach := client.ReattachConfig(); reattach != nil {
		p.pid = reattach.Pid
	}
	t.Cleanup(client.Kill)
	for name, target := range map[string]any{"diagnostics": &p.diagnostics, "data": &p.data, "resource": &p.resource} {
		raw, err := protocol.Dispense(name)
		if err != nil {
			t.Fatalf("dispense %s: %v", name, err)
		}
		switch target := target.(type) {
		case *grpcplugin.DiagnosticsClient:
			*target = raw.(grpcplugin.DiagnosticsClient)
		case *grpcplugin.DataClient:
			*target = raw.(grpcplugin.DataClient)
		case *grpcplugin.ResourceClient:
			*target = raw.(grpcplugin.ResourceClient)
		}
	}
	return p
}

// testWriter sends go-plugin's log (the plugin's stderr lines among it) to the test log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// memory reads VmRSS and VmHWM (bytes) of a process from /proc.
func memory(pid int) (rss, peak int64, err error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		var kib int64
		if _, scanErr := fmt.Sscanf(line, "VmRSS: %d kB", &kib); scanErr == nil {
			rss = kib * 1024
		}
		if _, scanErr := fmt.Sscanf(line, "VmHWM: %d kB", &kib); scanErr == nil {
			peak = kib * 1024
		}
	}
	return rss, peak, nil
}

// Settings and catalogue --------------------------------------------------------------------------

type kpiDefinition struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Area      string `json:"area"`
	Unit      string `json:"unit"`
	PerAsset  bool   `json:"perAsset"`
	Breakdown string `json:"breakdown"`
	JudgedOn  string `json:"judgedOn"`
	// A measurement of now (node health, network latency): a range gives it one point at most.
	MeasuredAtQueryTime bool `json:"measuredAtQueryTime"`
}

func needDemo(t *testing.T) {
	t.Helper()
	if settingsFile == "" || catalogueFile == "" {
		t.Skip("PMM_CONFORMANCE_SETTINGS / PMM_CONFORMANCE_CATALOGUE not set: run through tests/conformance/run.ts")
	}
}

func readJSON(t *testing.T, file string, into any) {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, into); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

func catalogue(t *testing.T) []kpiDefinition {
	t.Helper()
	var kpis []kpiDefinition
	readJSON(t, catalogueFile, &kpis)
	if len(kpis) == 0 {
		t.Fatalf("%s: no KPI", catalogueFile)
	}
	return kpis
}

// demoJSONData is the demo world's data source settings (jsonData as Grafana stores it).
func demoJSONData(t *testing.T) map[string]any {
	t.Helper()
	var settings map[string]any
	readJSON(t, settingsFile, &settings)
	return settings
}

// dataSource is the instance settings Grafana sends with every request to this data source.
func dataSource(t *testing.T, uid string, jsonData map[string]any) *backend.DataSourceInstanceSettings {
	t.Helper()
	raw, err := json.Marshal(jsonData)
	if err != nil {
		t.Fatal(err)
	}
	url := ""
	if nodes, ok := jsonData["nodes"].([]any); ok && len(nodes) > 0 {
		if node, ok := nodes[0].(map[string]any); ok {
			url, _ = node["url"].(string)
		}
	}
	return &backend.DataSourceInstanceSettings{
		ID:                      42,
		UID:                     uid,
		Type:                    pluginID,
		Name:                    "PMM Monitor (" + uid + ")",
		URL:                     url,
		JSONData:                raw,
		DecryptedSecureJSONData: map[string]string{},
		Updated:                 time.UnixMilli(1_760_000_000_000),
		APIVersion:              "v0alpha1",
	}
}

// pluginContext is what Grafana puts in each request; user is nil for a backend-initiated request
// (alerting, recorded queries).
func pluginContext(ds *backend.DataSourceInstanceSettings, user *backend.User) *pluginv2.PluginContext {
	ctx := backend.PluginContext{
		OrgID:                      1,
		PluginID:                   pluginID,
		PluginVersion:              "0.1.0",
		User:                       user,
		DataSourceInstanceSettings: ds,
		GrafanaConfig: backend.NewGrafanaCfg(map[string]string{
			"GF_APP_URL":                    "http://localhost:3000/",
			"GF_CONCURRENT_QUERY_COUNT":     "10",
			"GF_USER_FACING_DEFAULT_ERROR":  "An error occurred, please try again.",
			"GF_SQL_MAX_OPEN_CONNS_DEFAULT": "100",
		}),
		APIVersion: "v0alpha1",
	}
	proto := backend.ToProto().PluginContext(ctx)
	proto.UserAgent = "Grafana/" + grafanaVersion + " (linux; amd64)"
	return proto
}

var viewer = &backend.User{Login: "viewer", Name: "Viewer", Email: "viewer@example.com", Role: "Viewer"}
