// The block of demo logins printed at start when the demo commune exists (those whose areas exist).
import type { DemoLogin } from './demo-seed.ts';

const ROLE_VI = { volunteer: 'tình nguyện viên', police: 'công an xã', admin: 'quản trị' } as const;

export function printDemoLogins(logins: readonly DemoLogin[]): void {
  const lines = logins.map(
    (l) =>
      `  ${l.phone}  /  ${l.password.padEnd(12)}  ${l.title ?? ROLE_VI[l.role]} (${l.role})${l.areaIds.length ? ` — ${l.areaIds.join(', ')}` : ''}`,
  );
  console.log(
    ['', 'Tài khoản dùng thử / demo logins (điện thoại / mật khẩu — phone / password):', ...lines, ''].join(
      '\n',
    ),
  );
}
