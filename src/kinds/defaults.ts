/**
 * The default kinds, fit for PyPI-style support (docs/config.md lists them). The order is the
 * order of recognition: the first kind whose rules match wins, so the specific kinds come first
 * and `organization`, which closes the issue, comes after `second-factor`: a request that
 * mentions both is never closed by mistake. Words are folded like the text (case and accents
 * ignored); see src/kinds/fold.ts for how words and patterns match.
 */

export const DEFAULT_KIND = 'second-factor';

export const DEFAULT_CONTACTS = {
  support: 'the support address given in this repository’s README',
  private: 'the private security contact in this repository’s security policy (SECURITY.md)',
} as const;

export interface DefaultKind {
  id: string;
  label: string | null;
  match: { answers?: Record<string, string[]>; words?: string[]; patterns?: string[] };
  nextSteps: string;
  action?: 'none' | 'redirect';
}

export const DEFAULT_KINDS: readonly DefaultKind[] = [
  {
    id: 'suspended',
    label: 'kind: security-team',
    match: {
      words: [
        'suspen*',
        'frozen',
        'banned',
        'acceptable use',
        'terms of service',
        'terms of use',
        'quarantin*',
        // pt, es
        'congelad*',
        'banid*',
        'baneada',
        'baneado',
        // zh
        '冻结',
        '封禁',
        '被封',
        '凍結',
        // fr, de
        'compte gele',
        'gesperrt durch',
      ],
      patterns: ['\\baccount (was|is|has been|got) (disabled|locked by|deactivated by)'],
    },
    nextSteps:
      '**This request is about a suspended or restricted account.** Such cases are handled privately by the security team, never in public issues. Please write to {privateContact}, mention {issue}, and add no further details here.',
  },
  {
    id: 'testpypi',
    label: 'kind: testpypi',
    match: { words: ['testpypi', 'test pypi', 'test.pypi.org', 'test-pypi'] },
    nextSteps:
      '**This request is about a TestPyPI account.** TestPyPI accounts are separate from {platform} accounts and are handled separately; an admin will tell you here how to go on. If you meant your {platform} account, say so in a comment.',
  },
  {
    id: 'new-device',
    label: 'kind: new-device',
    match: {
      words: [
        'unrecognized device',
        'unrecognised device',
        'unknown device',
        'device confirmation',
        'device verification',
        'confirm this device',
        'confirm the device',
        'confirm my device',
        'confirm new device',
        'verify this device',
        'verify the device',
        // pt, es
        'dispositivo nao reconhecido',
        'dispositivo desconhecido',
        'confirmacao do dispositivo',
        'confirmar o dispositivo',
        'dispositivo no reconocido',
        'dispositivo desconocido',
        'confirmacion del dispositivo',
        'confirmar el dispositivo',
        // zh, ja
        '设备确认',
        '确认设备',
        '无法识别的设备',
        '未识别的设备',
        '未知设备',
        // fr, de
        'appareil non reconnu',
        'unbekanntes gerat',
      ],
      patterns: [
        '\\bnew (device|browser|computer|laptop|machine)\\b[^.!?]{0,120}\\b(e-?mails?|confirm\\w*|link)\\b',
        '\\bconfirm\\w*\\b[^.!?]{0,60}\\b(e-?mails?|link)\\b[^.!?]{0,60}\\b(device|browser|log ?in|sign ?in)\\b',
        '\\b(e-?mails?|link)\\b[^.!?]{0,60}\\bconfirm\\w*\\b[^.!?]{0,60}\\b(device|browser|log ?in|sign ?in)\\b',
      ],
    },
    nextSteps:
      '**This looks like a new-device confirmation.** When you sign in from a device it does not recognise, {platform} sends a confirmation link to the e-mail address on the account, even though your second factor works. If you can read that address, look for the message (check spam too) and follow its link. If you can no longer read that address, say so in a comment here and an admin will tell you how to go on.',
  },
  {
    id: 'email',
    label: 'kind: e-mail',
    match: {
      words: [
        'unverified email',
        'unverified e-mail',
        'unverified address',
        'email not verified',
        'e-mail not verified',
        'email is not verified',
        'never verified',
        'verify my email',
        'verify my e-mail',
        'change my email',
        'change my e-mail',
        'change the email',
        'update my email',
        'old email',
        'old e-mail',
        'former email',
        'previous email',
        // pt
        'email nao verificado',
        'e-mail nao verificado',
        'perdi o acesso ao email',
        'perdi o acesso ao e-mail',
        'perdi o acesso ao meu email',
        'perdi o acesso ao meu e-mail',
        'nao tenho acesso ao email',
        'nao tenho mais acesso ao email',
        'nao tenho acesso ao meu email',
        'nao tenho mais acesso ao meu email',
        'nao tenho mais acesso ao meu e-mail',
        'trocar o email',
        'trocar meu email',
        // es
        'correo no verificado',
        'correo electronico no verificado',
        'perdi el acceso a mi correo',
        'perdi acceso a mi correo',
        'no tengo acceso a mi correo',
        'ya no tengo acceso a mi correo',
        'cambiar mi correo',
        'cambiar el correo',
        // zh
        '邮箱无法',
        '无法访问邮箱',
        '无法登录邮箱',
        '邮箱丢失',
        '邮箱已停用',
        '邮箱不能用',
        '邮箱未验证',
        '更换邮箱',
        '电子邮件无法',
        // fr, de
        'email non verifie',
        'e-mail non verifie',
        'adresse e-mail non verifiee',
        'acces a mon e-mail',
        'acces a mon adresse',
        'e-mail-adresse nicht',
        'keinen zugriff auf meine e-mail',
      ],
      patterns: [
        "\\b(lost|lose|losing|no longer have|don'?t have|do not have|no|without|cannot|can'?t|unable to) (get )?access (to )?(my |the |that |this |our |its |their )?(old |primary |registered |account'?s? )?(e-?mail|mailbox|inbox|address)",
        "\\b(e-?mail|mailbox|address)\\b[^.!?]{0,60}\\b(no longer|not|never|isn'?t|wasn'?t) (been )?(exist|exists|verified|valid|active|accessible|available|working|in use|used)\\b",
        '\\b(e-?mail|mailbox|address)\\b[^.!?]{0,40}\\b(deleted|expired|deactivated|closed|shut down|gone)\\b',
        '\\b(left|leaving) (the |my )?(company|university|job|employer)\\b',
      ],
    },
    nextSteps:
      '**This request is about the e-mail address of the account.** The admins cannot change or verify an address in a public issue. Please write to {supportContact} from the address you want on the account, mention {issue}, and do not post the address here.',
  },
  {
    id: 'second-factor',
    label: null,
    match: {
      words: [
        '2fa',
        'mfa',
        'totp',
        'otp',
        'two factor',
        'two-factor',
        'second factor',
        'two step',
        'authenticator',
        'authentication app',
        'security key',
        'yubikey',
        'webauthn',
        'passkey',
        'recovery code*',
        // pt
        'autenticador',
        'dois fatores',
        'duas etapas',
        'codigos de recuperacao',
        'chave de seguranca',
        // es
        'doble factor',
        'dos factores',
        'dos pasos',
        'codigos de recuperacion',
        'llave de seguridad',
        // zh, ja
        '双因素',
        '双重认证',
        '两步验证',
        '二次验证',
        '验证器',
        '身份验证器',
        '恢复码',
        '二要素',
        '二段階認証',
        '認証アプリ',
        // fr, de, ru
        'double authentification',
        'deux facteurs',
        'authentificateur',
        'zwei-faktor*',
        'authentifikator',
        'wiederherstellungscode*',
        'двухфактор*',
        'аутентификатор*',
      ],
    },
    nextSteps:
      '**Next steps for a lost second factor:** an admin will start a recovery for the account. {platform} then sends an e-mail to the address on the account; answer it from that address. For an account with projects you may also be asked to show that you control one of their public repositories. Never post codes, or the contents of that e-mail, here.',
  },
  {
    id: 'organization',
    label: 'kind: organization',
    match: {
      patterns: [
        '\\borgani[sz]ations?\\b[^.!?]{0,60}\\b(request|approv\\w*|pending|application|appl(y|ied)|verif\\w*|billing|invit\\w*|join\\w*|creat\\w*|transfer\\w*)\\b',
        '\\b(approv\\w*|request\\w*|creat\\w*|join\\w*|register\\w*)\\b[^.!?]{0,40}\\borgani[sz]ations?\\b',
        '\\borganizac(ao|ion)\\b[^.!?]{0,60}\\b(aprova\\w*|solicita\\w*|pedido|pendiente|pendente|criar|crear)\\b',
        '组织(申请|审核|审批|认证|创建)',
      ],
    },
    action: 'redirect',
    nextSteps:
      'This tracker handles the recovery of personal accounts only. Requests about organizations (applications, approval, membership, billing) are answered elsewhere: please see the {platform} documentation on organizations. This issue is closed as not planned; if you meant a personal account, say so in a comment and a maintainer can reopen it.',
  },
];

/** Words that ask for priority; the team answers them with its queue policy, once. */
export const DEFAULT_URGENCY_WORDS: readonly string[] = [
  'asap',
  'a.s.a.p',
  'urgent',
  'urgently',
  'urgency',
  'time sensitive',
  'time critical',
  'as soon as possible',
  'emergency',
  'expedite*',
  'priorit*',
  // pt, es
  'urgente',
  'urgencia',
  'o mais rapido possivel',
  'o quanto antes',
  'prioridade',
  'lo antes posible',
  'lo mas pronto posible',
  'cuanto antes',
  'prioridad',
  // zh, ja
  '紧急',
  '加急',
  '尽快',
  '急需',
  '优先处理',
  '至急',
  '緊急',
  '急ぎ',
  // fr, de, it, ru
  'des que possible',
  'au plus vite',
  'dringend',
  'so schnell wie moglich',
  'eilig',
  'il prima possibile',
  'срочно',
  'как можно скорее',
];
