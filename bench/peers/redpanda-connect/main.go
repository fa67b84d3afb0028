// A minimal Redpanda Connect: only the components the benchmark peers use (kafka_franz, sql with
// the lib/pq driver, http_server and the pure processors), as its docs suggest for custom builds.
package main

import (
	"context"

	"github.com/redpanda-data/benthos/v4/public/service"

	_ "github.com/redpanda-data/connect/v4/public/components/io"
	_ "github.com/redpanda-data/connect/v4/public/components/kafka"
	_ "github.com/redpanda-data/connect/v4/public/components/pure"
	_ "github.com/redpanda-data/connect/v4/public/components/sql/base"

	_ "github.com/lib/pq"
)

func main() {
	service.RunCLI(context.Background())
}
