/**
 * The service navigation, per role. Each capability adds its entry when its pages exist, so the
 * navigation never promises a page that is not there.
 */
import type { Role } from '../domain/shared/codes.ts';

export interface NavItem {
  href: string;
  text: string;
  roles: readonly Role[];
  /** Position in the navigation (lower first): referrals 10, directory 20, contracts 30, … admin 90. */
  order: number;
}

const items: NavItem[] = [];

export function addNavItem(item: NavItem): void {
  if (!items.some((i) => i.href === item.href)) {
    items.push(item);
    items.sort((a, b) => a.order - b.order);
  }
}

export function navFor(role: Role, currentPath: string) {
  const mine = items.filter((i) => i.roles.includes(role));
  const active = mine
    .filter(
      (i) =>
        currentPath === i.href ||
        currentPath.startsWith(`${i.href}/`) ||
        (i.href !== '/' && currentPath.startsWith(i.href)),
    )
    .sort((a, b) => b.href.length - a.href.length)[0];
  return [
    { href: '/', text: 'Home', active: currentPath === '/' },
    ...mine.map((i) => ({ href: i.href, text: i.text, active: i === active })),
  ];
}
