/**
 * HAMMER2 chains on one node: {@code hammer2_chain.c}'s in-memory chain topology (a root and, under
 * each parent, children keyed by key range), blockrefs ({@code hammer2_blockref_t}), the lookup,
 * iteration, create, modify and delete functions ({@code hammer2_chain_lookup()},
 * {@code hammer2_chain_next()}, ...) and directory hashes ({@code hammer2_dirhash()}).
 *
 * <p>Threading: not thread-safe; a topology is owned by one thread or one actor.
 */
package io.kemu.hammer2.chain;
