/**
 * /config.json says how to sign in and where the live channel is: the local
 * server answers {mode: 'local', liveUrl: '/live'}; in AWS the deployment
 * writes {mode: 'cognito', region, userPoolClientId, staffUserPoolClientId,
 * liveUrl}: attendees' app client, staff's (MFA required), and the WebSocket
 * API's wss:// URL. Without liveUrl the page polls.
 */
export type PageConfig = ({ mode: 'local' } | { mode: 'cognito'; region: string; userPoolClientId: string; staffUserPoolClientId: string }) & { liveUrl?: string };

let config: Promise<PageConfig> | undefined;

export function pageConfig(): Promise<PageConfig> {
  config ??= fetch('/config.json', { cache: 'no-cache' }).then(async (response) => {
    if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
    return (await response.json()) as PageConfig;
  });
  return config;
}
