// Common service ports that are not any platform's reservation, offered by completion next to
// the catalog's ports. Names are IANA-style port names (at most 15 characters).

export interface WellKnownPort {
  port: number;
  name: string;
  protocol: 'TCP' | 'UDP';
  description: string;
  /** A few words for the completion list itself, where the description is longer. */
  short?: string;
}

export const WELL_KNOWN_PORTS: readonly WellKnownPort[] = [
  { port: 80, name: 'http', protocol: 'TCP', description: 'HTTP' },
  { port: 443, name: 'https', protocol: 'TCP', description: 'HTTPS' },
  { port: 8080, name: 'http-alt', protocol: 'TCP', description: 'HTTP, unprivileged', short: 'HTTP alt' },
  { port: 8443, name: 'https-alt', protocol: 'TCP', description: 'HTTPS, unprivileged', short: 'HTTPS alt' },
  { port: 8000, name: 'http', protocol: 'TCP', description: 'HTTP (development servers)', short: 'HTTP dev' },
  { port: 3000, name: 'http', protocol: 'TCP', description: 'HTTP (Node.js apps, Grafana)', short: 'Node.js / Grafana' },
  { port: 9090, name: 'metrics', protocol: 'TCP', description: 'Prometheus metrics', short: 'Prometheus' },
  { port: 9100, name: 'metrics', protocol: 'TCP', description: 'Prometheus node exporter', short: 'node exporter' },
  { port: 50051, name: 'grpc', protocol: 'TCP', description: 'gRPC' },
  { port: 4317, name: 'otlp-grpc', protocol: 'TCP', description: 'OpenTelemetry OTLP over gRPC', short: 'OTLP gRPC' },
  { port: 4318, name: 'otlp-http', protocol: 'TCP', description: 'OpenTelemetry OTLP over HTTP', short: 'OTLP HTTP' },
  { port: 53, name: 'dns', protocol: 'UDP', description: 'DNS' },
  { port: 5432, name: 'postgresql', protocol: 'TCP', description: 'PostgreSQL' },
  { port: 3306, name: 'mysql', protocol: 'TCP', description: 'MySQL' },
  { port: 6379, name: 'redis', protocol: 'TCP', description: 'Redis' },
  { port: 27017, name: 'mongodb', protocol: 'TCP', description: 'MongoDB' },
  { port: 9092, name: 'kafka', protocol: 'TCP', description: 'Kafka' },
  { port: 5672, name: 'amqp', protocol: 'TCP', description: 'AMQP (RabbitMQ)', short: 'AMQP' },
  { port: 11211, name: 'memcached', protocol: 'TCP', description: 'memcached' },
  { port: 9200, name: 'http', protocol: 'TCP', description: 'Elasticsearch / OpenSearch', short: 'Elasticsearch' },
];

/** The conventional name of a port number, for completing `name:` next to a containerPort. */
export function wellKnownName(port: number | undefined): string | undefined {
  return WELL_KNOWN_PORTS.find((p) => p.port === port)?.name;
}
