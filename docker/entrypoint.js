// The image's entry point: `chatconform serve` configured by environment variables (containers are
// configured with -e, and the registry-less image has no shell to expand them). Extra arguments are passed
// on, e.g. `docker run IMAGE --self-check`.
const env = process.env;
const list = (v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const args = [
  'serve',
  '--profile', env.CHATCONFORM_PROFILE || 'medmapp',
  '--host', env.CHATCONFORM_HOST || '0.0.0.0',
  '--port', env.CHATCONFORM_PORT || '8000',
  '--target-out', env.CHATCONFORM_TARGET_OUT || '/tmp/chatconform-target.json',
  ...list(env.CHATCONFORM_FAULT).flatMap((f) => ['--fault', f]),
  ...(env.CHATCONFORM_WORKERS ? ['--workers', env.CHATCONFORM_WORKERS] : []),
  ...(env.CHATCONFORM_REDIS ? ['--redis', env.CHATCONFORM_REDIS] : []),
  ...(env.CHATCONFORM_ACCESS_TTL ? ['--access-ttl', env.CHATCONFORM_ACCESS_TTL] : []),
];
process.argv = [process.argv[0], 'chatconform', ...args, ...process.argv.slice(2)];
await import('../bin/chatconform.js');
