/**
 * The template's code lists as case-, space- and dash-insensitive vocabularies, built once.
 */
import { PDS_ALIASES, PDS_LABELS } from '../../domain/referrals/pds-record.ts';
import { Vocabulary } from './values.ts';

export const V = {
  neededBy: new Vocabulary(PDS_LABELS.neededBy, PDS_ALIASES.neededBy),
  yesNo: new Vocabulary(PDS_LABELS.yesNo, PDS_ALIASES.yesNo),
  outOfLa: new Vocabulary(PDS_LABELS.outOfLaReason),
  presence: new Vocabulary(PDS_LABELS.presence, PDS_ALIASES.presence),
  communication: new Vocabulary(PDS_LABELS.communication),
  cultural: new Vocabulary(PDS_LABELS.cultural),
  companions: new Vocabulary(PDS_LABELS.companions),
  pets: new Vocabulary(PDS_LABELS.pets),
  support: new Vocabulary(PDS_LABELS.support),
  suitability: new Vocabulary(PDS_LABELS.suitability),
  risk: new Vocabulary(PDS_LABELS.risk),
  placementType: new Vocabulary(PDS_LABELS.placementType),
};
