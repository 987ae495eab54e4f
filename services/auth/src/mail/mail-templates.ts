import type { MailMessage } from './mail.port.js';

/** Who asked for a mail: shown in it so a recipient who did not ask knows what happened. */
export interface Requester {
  readonly at: Date;
  /** The client address the request came from, when known. */
  readonly address?: string;
}

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function who(requester: Requester): string {
  const when = requester.at.toUTCString();
  return requester.address ? `on ${when} from the address ${requester.address}` : `on ${when}`;
}

function compose(
  to: string,
  subject: string,
  lines: { intro: string; action?: { label: string; url: string }; after: string[] },
): MailMessage {
  const text = [
    lines.intro,
    ...(lines.action ? ['', `${lines.action.label}:`, lines.action.url] : []),
    '',
    ...lines.after,
    '',
    '— TaskSensei',
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#1d2330">
<p>${escape(lines.intro)}</p>
${lines.action ? `<p><a href="${escape(lines.action.url)}" style="display:inline-block;padding:.6rem 1rem;background:#2747c9;color:#fff;border-radius:6px;text-decoration:none">${escape(lines.action.label)}</a></p><p style="font-size:.9em">Or open this link: ${escape(lines.action.url)}</p>` : ''}
${lines.after.map((l) => `<p>${escape(l)}</p>`).join('\n')}
<p>— TaskSensei</p></body></html>`;
  return { to, subject, text, html };
}

export const MailTemplates = {
  verifyEmail(to: string, url: string, requester: Requester, reason: 'signup' | 'change' | 'resend'): MailMessage {
    const intro =
      reason === 'change'
        ? `Someone asked ${who(requester)} to change the email address of a TaskSensei account to ${to}.`
        : `A TaskSensei account was ${reason === 'signup' ? 'created' : 'asked to confirm its address'} with the email address ${to} ${who(requester)}.`;
    return compose(to, 'Confirm your email address for TaskSensei', {
      intro,
      action: { label: 'Confirm this address', url },
      after: ['The link works once and for 24 hours.', 'If this was not you, ignore this mail: nothing changes without the link.'],
    });
  },

  resetPassword(to: string, url: string, requester: Requester): MailMessage {
    return compose(to, 'Reset your TaskSensei password', {
      intro: `Someone asked ${who(requester)} to reset the password of the TaskSensei account ${to}.`,
      action: { label: 'Choose a new password', url },
      after: [
        'The link works once and for 30 minutes. Setting a new password signs out every device.',
        'If you did not ask for this, ignore this mail: your password stays as it is.',
      ],
    });
  },

  passwordChanged(to: string, requester: Requester): MailMessage {
    return compose(to, 'Your TaskSensei password was changed', {
      intro: `The password of the TaskSensei account ${to} was changed ${who(requester)}. Other devices were signed out.`,
      after: ['If this was not you, reset your password at once with "Forgot password" on the sign-in page.'],
    });
  },

  emailChanged(to: string, newEmail: string, requester: Requester): MailMessage {
    return compose(to, 'The email address of your TaskSensei account was changed', {
      intro: `The TaskSensei account that used ${to} now uses ${newEmail}: the new address was confirmed ${who(requester)}.`,
      after: ['If this was not you, reply to this mail at once: someone who knew your password changed it.'],
    });
  },

  twoFactorChanged(to: string, enabled: boolean, requester: Requester): MailMessage {
    return compose(to, `Two-factor sign-in was turned ${enabled ? 'on' : 'off'} for TaskSensei`, {
      intro: `Two-factor sign-in of the TaskSensei account ${to} was turned ${enabled ? 'on' : 'off'} ${who(requester)}.`,
      after: ['If this was not you, reset your password and review your sessions on the account page.'],
    });
  },
};
