/**
 * Cognito's invitation and verification messages, one place per language (setting `authLocale`,
 * Swedish by default). Cognito fills in `{username}` and `{####}` (the temporary password in the
 * invitation, the code in the verification); both must stay in the texts. The e-mails may use HTML.
 */
export interface AuthMessages {
  invitationSubject: string;
  invitationBody: string;
  invitationSms: string;
  verificationSubject: string;
  verificationBody: string;
  verificationSms: string;
}

export const AUTH_MESSAGES: Record<'sv' | 'en', AuthMessages> = {
  sv: {
    invitationSubject: 'Ditt konto i Effekt',
    invitationBody: [
      'Hej!',
      'Du har fått ett konto i Effekt, verktyget för effektrapporter från ledarutvecklingsprogram.',
      'Användarnamn: {username}<br>Tillfälligt lösenord: {####}',
      'Det tillfälliga lösenordet gäller i tre dagar. När du loggar in första gången väljer du ett eget lösenord och kopplar en autentiseringsapp för tvåstegsverifiering.',
      'Har du inte väntat dig det här mejlet kan du bortse från det.',
    ].join('<br><br>'),
    invitationSms: 'Effekt: användarnamn {username}, tillfälligt lösenord {####}',
    verificationSubject: 'Din verifieringskod för Effekt',
    verificationBody: 'Hej!<br><br>Din verifieringskod för Effekt är {####}<br><br>Har du inte bett om en kod kan du bortse från det här mejlet.',
    verificationSms: 'Din verifieringskod för Effekt är {####}',
  },
  en: {
    invitationSubject: 'Your Effekt account',
    invitationBody: [
      'Hello,',
      'You have been given an account in Effekt, the tool for impact reports of leadership-development programmes.',
      'User name: {username}<br>Temporary password: {####}',
      'The temporary password is valid for three days. When you first sign in you choose your own password and link an authenticator app for two-step verification.',
      'If you did not expect this e-mail, you can ignore it.',
    ].join('<br><br>'),
    invitationSms: 'Effekt: user name {username}, temporary password {####}',
    verificationSubject: 'Your Effekt verification code',
    verificationBody: 'Hello,<br><br>Your Effekt verification code is {####}<br><br>If you did not ask for a code, you can ignore this e-mail.',
    verificationSms: 'Your Effekt verification code is {####}',
  },
};
