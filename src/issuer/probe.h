/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The probes that make a stock kernel's MPTCP server use the issuer's
 * keys for its passive connections.
 */
#ifndef _MLBI_PROBE_H
#define _MLBI_PROBE_H

int mlbp_probes_register(void);
void mlbp_probes_unregister(void);

#endif /* _MLBI_PROBE_H */
