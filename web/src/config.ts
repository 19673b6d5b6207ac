/**
 * /config.json says how to sign in: the local server answers {mode: 'local'};
 * in AWS the deployment writes {mode: 'cognito', region, userPoolClientId,
 * staffUserPoolClientId}: attendees' app client, and staff's (MFA required).
 */
export type PageConfig = { mode: 'local' } | { mode: 'cognito'; region: string; userPoolClientId: string; staffUserPoolClientId: string };

let config: Promise<PageConfig> | undefined;

export function pageConfig(): Promise<PageConfig> {
  config ??= fetch('/config.json', { cache: 'no-cache' }).then(async (response) => {
    if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
    return (await response.json()) as PageConfig;
  });
  return config;
}
