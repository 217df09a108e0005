/** A certificate and its private key, both PEM (the key PKCS#8): what node:tls takes as `cert` and `key`. */
export interface PemCredentials {
  cert: string;
  key: string;
}
