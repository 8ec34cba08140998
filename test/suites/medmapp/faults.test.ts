// Proof that every Medmapp check can fail (see ../prove.ts).
import { proveSuite } from '../prove.ts';

proveSuite('medmapp', { secrets: ['patient-pass', 'operator-pass', 'outsider-pass'], strictFault: ['no-status-update', 'medmapp-status-01'] });
