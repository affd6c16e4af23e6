// Package conformance runs the PMM Monitor backend executable the way Grafana runs a backend plugin.
package conformance
