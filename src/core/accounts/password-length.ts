/** How long a password may be, in characters: the server, the CLI and the web app's forms agree. */
export const PASSWORD_MIN = 15;
export const PASSWORD_MAX = 256;
