/** The app's identity: electron-builder.json's `appId`, and on Windows the AppUserModelID its notifications are shown under. */
export const APP_ID = 'br.com.carteira.syncconsole';
