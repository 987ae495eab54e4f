/** Server-rendered pages of the built-in provider: no script, no external asset, escaped input. */
const escape = (value: string) => value.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);

export interface FormPage {
  readonly title: string;
  readonly action: string;
  readonly csrf: string;
  readonly email?: string;
  readonly error?: string;
  readonly signup?: boolean;
  readonly alternate: { href: string; label: string };
  readonly upstreams?: readonly { href: string; label: string }[];
  /** The web client's "forgot password" page. */
  readonly forgotHref?: string;
}

export interface CodePage {
  readonly action: string;
  readonly csrf: string;
  readonly error?: string;
  readonly cancel: { href: string; label: string };
}

/** The second step of a sign-in with two-factor on: one input named `code` (TOTP or a recovery code). */
export function codePage(page: CodePage): string {
  return layout(
    'Two-factor sign-in',
    `<h1>Enter your code</h1>
${page.error ? `<p class="error" role="alert">${escape(page.error)}</p>` : ''}
<p>Open your authenticator app and enter the 6-digit code for TaskSensei. Lost the app? Enter one of your recovery codes.</p>
<form method="post" action="${escape(page.action)}" autocomplete="off">
  <input type="hidden" name="csrf" value="${escape(page.csrf)}">
  <label for="code">Code</label>
  <input id="code" name="code" type="text" required maxlength="32" inputmode="text" autocomplete="one-time-code" autofocus>
  <button type="submit">Verify</button>
</form>
<p><a href="${escape(page.cancel.href)}">${escape(page.cancel.label)}</a></p>`,
  );
}

export function formPage(page: FormPage): string {
  const upstreams = (page.upstreams ?? [])
    .map((u) => `<p><a class="button secondary" href="${escape(u.href)}">${escape(u.label)}</a></p>`)
    .join('');
  return layout(
    page.title,
    `<h1>${escape(page.title)}</h1>
${page.error ? `<p class="error" role="alert">${escape(page.error)}</p>` : ''}
<form method="post" action="${escape(page.action)}" autocomplete="on">
  <input type="hidden" name="csrf" value="${escape(page.csrf)}">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" required maxlength="254" autocomplete="username" value="${escape(page.email ?? '')}" autofocus>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required ${page.signup ? 'minlength="10" autocomplete="new-password"' : 'autocomplete="current-password"'} maxlength="256">
  ${page.signup ? '<label for="displayName">Name (optional)</label>\n  <input id="displayName" name="displayName" type="text" maxlength="100" autocomplete="name">' : ''}
  <button type="submit">${page.signup ? 'Create account' : 'Sign in'}</button>
</form>
${upstreams}
${page.forgotHref ? `<p><a href="${escape(page.forgotHref)}">Forgot your password?</a></p>` : ''}
<p><a href="${escape(page.alternate.href)}">${escape(page.alternate.label)}</a></p>`,
  );
}

/**
 * RP-initiated logout's confirmation: the provider's `form` (its xsrf token) submitted by either
 * button. Replaces oidc-provider's default page, which loads a web font from Google.
 */
export function logoutPage(form: string): string {
  return layout(
    'Sign out',
    `<h1>Sign out of TaskSensei?</h1>
<p>You will need your password to sign in again on this device.</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>`,
  );
}

export function messagePage(title: string, message: string): string {
  return layout(title, `<h1>${escape(title)}</h1><p>${escape(message)}</p>`);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · TaskSensei</title>
<style>
body{font-family:system-ui,sans-serif;background:#f5f6f8;color:#1d2330;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0002;width:min(24rem,90vw)}
label{display:block;margin:.8rem 0 .3rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #8a93a6;border-radius:6px;font-size:1rem}
button,.button{display:block;width:100%;margin-top:1.2rem;padding:.7rem;border:0;border-radius:6px;background:#2747c9;color:#fff;font-size:1rem;text-align:center;text-decoration:none;cursor:pointer}
.secondary{background:#4a5468}.error{color:#a4141b;font-weight:600}
a{color:#2747c9}
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}
