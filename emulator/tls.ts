import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import selfsigned from 'selfsigned';

export interface CaFiles {
  caFile: string;
  caKeyFile: string;
  caPem: string;
  caKeyPem: string;
}

const CA_NAME = 'Account Channels local Teams emulator CA';

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function readWhenComplete(caFile: string, caKeyFile: string): Promise<CaFiles | undefined> {
  // Another process may be between linking the key and the cert; wait briefly for both.
  for (let i = 0; i < 50; i++) {
    if (fs.existsSync(caFile) && fs.existsSync(caKeyFile)) {
      const caPem = fs.readFileSync(caFile, 'utf8');
      const caKeyPem = fs.readFileSync(caKeyFile, 'utf8');
      if (caPem.includes('END CERTIFICATE') && caKeyPem.includes('END')) return { caFile, caKeyFile, caPem, caKeyPem };
    }
    if (!fs.existsSync(caKeyFile)) return undefined;
    await sleep(100);
  }
  return undefined;
}

/**
 * The CA is created once per stateDir and reused, because NODE_EXTRA_CA_CERTS is read only when
 * a process starts: a new CA per run would break every process started earlier.
 */
export async function ensureCa(stateDir: string): Promise<CaFiles> {
  const dir = path.resolve(stateDir);
  fs.mkdirSync(dir, { recursive: true });
  const caFile = path.join(dir, 'ca.pem');
  const caKeyFile = path.join(dir, 'ca-key.pem');
  const existing = await readWhenComplete(caFile, caKeyFile);
  if (existing) return existing;

  const now = new Date();
  const notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: CA_NAME }], {
    algorithm: 'sha256',
    keySize: 2048,
    notBeforeDate: new Date(now.getTime() - 24 * 3600 * 1000),
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const suffix = `.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(caKeyFile + suffix, pems.private, { mode: 0o600 });
  fs.writeFileSync(caFile + suffix, pems.cert);
  try {
    // link() fails when the target exists, so concurrent starters agree on one CA.
    fs.linkSync(caKeyFile + suffix, caKeyFile);
    fs.linkSync(caFile + suffix, caFile);
    return { caFile, caKeyFile, caPem: pems.cert, caKeyPem: pems.private };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const other = await readWhenComplete(caFile, caKeyFile);
    if (!other) throw new Error(`CA files in ${dir} are incomplete; delete them and retry`, { cause: err });
    return other;
  } finally {
    fs.rmSync(caKeyFile + suffix, { force: true });
    fs.rmSync(caFile + suffix, { force: true });
  }
}

let serverKeyPair: Promise<{ privateKey: string; publicKey: string }> | undefined;

/** RSA key generation dominates start-up on a busy machine, so one server key per process is reused. */
function processServerKeyPair() {
  serverKeyPair ??= new Promise((resolve, reject) => {
    crypto.generateKeyPair(
      'rsa',
      { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } },
      (err, publicKey, privateKey) => (err ? reject(err) : resolve({ privateKey, publicKey })),
    );
  });
  return serverKeyPair;
}

/** A fresh server certificate for localhost/127.0.0.1, signed by the CA, at each start. */
export async function issueServerCert(ca: CaFiles): Promise<{ key: string; cert: string }> {
  const now = new Date();
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    algorithm: 'sha256',
    keyPair: await processServerKeyPair(),
    notBeforeDate: new Date(now.getTime() - 3600 * 1000),
    notAfterDate: new Date(now.getTime() + 30 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
    ca: { key: ca.caKeyPem, cert: ca.caPem },
  });
  return { key: pems.private, cert: pems.cert };
}
