/**
 * The stack has two API Gateway APIs: the catalogue's HTTP API and the live
 * channel's WebSocket API (lib/live-channel.ts, tested in stack.test.ts).
 * Tests of the HTTP API (its stage, routes, origin) look at its resources only.
 */
import type { Template } from 'aws-cdk-lib/assertions';

type Resource = { Type?: string; Properties?: Record<string, any> };

/** Whether a resource belongs to the live channel's WebSocket API (the API itself, or its stage, routes, integrations). */
export function ofWebSocketApi(template: Template): (resource: Resource) => boolean {
  const ids = new Set(Object.keys(template.findResources('AWS::ApiGatewayV2::Api', { Properties: { ProtocolType: 'WEBSOCKET' } })));
  return (resource) => resource.Properties?.ProtocolType === 'WEBSOCKET' || ids.has(resource.Properties?.ApiId?.Ref);
}
