/*
 * fuzz_normalize.c - normalization, variants, script, skeleton and tokens on arbitrary bytes.
 *
 * Invariants: the canonical form holds only A-Z, 0-9 and single inner spaces
 * and, when it fits the input cap, is a fixed point (normalizing it again
 * gives it back); the first
 * variant is the canonical form; tokens lie inside the normalized text.
 */
#include "fuzz_common.h"
#include "sc_core.h"

static char norm[SC_NORM_BUFSIZE];
static char again[SC_NORM_BUFSIZE];
static char skel[SC_NORM_BUFSIZE];
static sc_variant_set variants;
static sc_token tokens[SC_MAX_TOKENS];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *) data;
	size_t		len = 0,
				len2 = 0,
				slen = 0,
				i;
	const char *script = NULL;
	int			ntok;

	if (sc_name_normalize(in, size, norm, &len) != SC_OK)
		return 0;				/* refused (too long, bad UTF-8): refusing is allowed */
	for (i = 0; i < len; i++)
		fuzz_check((norm[i] >= 'A' && norm[i] <= 'Z') || (norm[i] >= '0' && norm[i] <= '9') ||
				   (norm[i] == ' ' && i > 0 && i + 1 < len && norm[i - 1] != ' '), "canonical alphabet");
	/* a transliterated name can outgrow the input cap: only forms within it are inputs again */
	if (len <= SC_MAX_NAME_BYTES)
		fuzz_check(sc_name_normalize(norm, len, again, &len2) == SC_OK && len2 == len &&
				   memcmp(norm, again, len) == 0, "normalization is idempotent");

	if (sc_name_variants(in, size, &variants) == SC_OK)
		fuzz_check(variants.n >= 1 && variants.len[0] == len && memcmp(variants.v[0], norm, len) == 0,
				   "the first variant is the canonical form");
	fuzz_check(sc_name_script(in, size, &script) == SC_OK && script != NULL, "a script for every readable name");
	fuzz_check(sc_name_skeleton(in, size, skel, &slen) == SC_OK && slen < SC_NORM_BUFSIZE, "a skeleton");

	ntok = sc_tokenize(norm, len, tokens, SC_MAX_TOKENS);
	fuzz_check(ntok >= 0, "tokens fit");
	for (i = 0; i < (size_t) ntok; i++)
		fuzz_check(tokens[i].len > 0 && (size_t) tokens[i].off + tokens[i].len <= len, "tokens lie inside the name");
	return 0;
}
