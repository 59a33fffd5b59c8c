/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MLB_VERSION_H
#define _MLB_VERSION_H

#define MLB_VERSION "0.2.0"

#endif /* _MLB_VERSION_H */
