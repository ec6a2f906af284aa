import { describe, expect, it } from 'vitest';
import { type OrgKind, ROLES_BY_ORG_KIND } from '../shared/codes.ts';
import { POINTS } from './directory-builders.ts';
import { addressLevelFor, visibleLocation } from './privacy.ts';

const home = { providerOrgId: 'prov-1', postcodeDistrict: 'UB3', location: POINTS['UB3 1'] };
const address = { line1: '1 Church Lane', line2: null, town: 'Hayes', county: null, postcode: 'UB3 1AB' };

describe('who sees a home’s address', () => {
  it('shows it to LA placement officers and the home’s own provider, and to nobody else', () => {
    const seen: string[] = [];
    for (const [orgKind, roles] of Object.entries(ROLES_BY_ORG_KIND) as [OrgKind, readonly string[]][]) {
      for (const role of roles) {
        for (const orgId of ['prov-1', 'other']) {
          const level = addressLevelFor({ role: role as never, orgKind, orgId }, home);
          if (level === 'full') seen.push(`${orgKind}/${role}/${orgId}`);
        }
      }
    }
    expect(seen).toEqual([
      'local-authority/placement-officer/prov-1',
      'local-authority/placement-officer/other',
      'provider/provider-manager/prov-1',
      'provider/admin/prov-1',
    ]);
  });

  it('gives district-level viewers the district centroid, never the address', () => {
    const districtPoint = { ...POINTS['UB3 1'], easting: 509_660 };
    const v = visibleLocation(
      { role: 'commissioner', orgKind: 'local-authority', orgId: 'la' },
      home,
      address,
      districtPoint,
    );
    expect(v).toEqual({ level: 'district', postcodeDistrict: 'UB3', address: null, point: districtPoint });
    const full = visibleLocation(
      { role: 'placement-officer', orgKind: 'local-authority', orgId: 'la' },
      home,
      address,
      districtPoint,
    );
    expect(full.address).toBe(address);
    expect(full.point).toBe(home.location);
  });
});
