/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the SNOW 3G and ZUC cores take from their surroundings, so that
 * snow3g.c and zuc.c include nothing else and build unchanged in the kernel
 * and, with gcc -std=c11, in userspace (tests/crypto/).
 */

#ifndef _ENBKEY_CRYPTO_PORTABLE_H
#define _ENBKEY_CRYPTO_PORTABLE_H

#ifdef __KERNEL__

#include <linux/string.h>
#include <linux/types.h>

#ifdef CONFIG_X86_64
#include <asm/cpufeature.h>
#include <asm/fpu/api.h>
#include <asm/simd.h>
#include <crypto/internal/simd.h>

#define ENBKEY_HAVE_CLMUL 1
/*
 * The kernel is built with SSE off: the compiler never allocates an SSE
 * register, and refuses to see one in a clobber list.
 */
#define ENBKEY_SIMD_CLOBBERS "cc"

/* PCLMULQDQ may be used until enbkey_simd_end() when this returns true. */
static inline bool enbkey_simd_begin(void)
{
	if (!boot_cpu_has(X86_FEATURE_PCLMULQDQ) || !crypto_simd_usable())
		return false;
	kernel_fpu_begin();
	return true;
}

static inline void enbkey_simd_end(void)
{
	kernel_fpu_end();
}
#endif /* CONFIG_X86_64 */

#else /* !__KERNEL__ */

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
/* glibc's; it defines __always_inline as the kernel does */
#include <sys/cdefs.h>

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;

/* As the kernel's: the barrier keeps the compiler from dropping the memset. */
static inline void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

#ifdef __x86_64__
#define ENBKEY_HAVE_CLMUL 1
#define ENBKEY_SIMD_CLOBBERS "cc", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5"

static inline bool enbkey_simd_begin(void)
{
	return __builtin_cpu_supports("pclmul");
}

static inline void enbkey_simd_end(void)
{
}
#endif /* __x86_64__ */

#endif /* __KERNEL__ */

static __always_inline u32 enbkey_load_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static __always_inline void enbkey_store_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static __always_inline u64 enbkey_load_be64(const u8 *p)
{
	return (u64)enbkey_load_be32(p) << 32 | enbkey_load_be32(p + 4);
}

/* Rotation by 1 to 31 bits (by 0 as well: no shift by 32 is made). */
static __always_inline u32 enbkey_rol32(u32 x, unsigned int n)
{
	return x << (n & 31) | x >> (-n & 31);
}

#endif /* _ENBKEY_CRYPTO_PORTABLE_H */
