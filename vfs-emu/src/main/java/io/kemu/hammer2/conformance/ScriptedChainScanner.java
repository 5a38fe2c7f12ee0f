package io.kemu.hammer2.conformance;

import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainLookup;
import io.kemu.hammer2.chain.ChainScanner;
import io.kemu.hammer2.chain.LookupFlag;
import java.util.List;
import java.util.Set;

/**
 * The per-node lookup of a vector scenario: node i's lookup or iteration step returns the chain
 * the scenario names for it (or nothing), whatever the key range - exactly the stand-in the
 * vectors were generated with around the kernel's unchanged cluster functions. Returned chains
 * are locked unless NOLOCK, as hammer2_chain_lookup() returns them; {@code next} releases the
 * previous chain as hammer2_chain_next() does.
 */
final class ScriptedChainScanner implements ChainScanner {
    private final List<Chain> answers;

    /** {@code answers.get(i)} is node i's answer, null for none. */
    ScriptedChainScanner(List<Chain> answers) {
        this.answers = answers;
    }

    @Override
    public ChainLookup lookup(Chain parent, long keyBeg, long keyEnd, Set<LookupFlag> flags) {
        Chain answer = answers.get(parent.node());
        if (answer == null) {
            return ChainLookup.none(keyEnd);
        }
        if (!flags.contains(LookupFlag.NOLOCK)) {
            answer.lock();
        }
        return new ChainLookup(answer, answer.bref().keyLast() + 1);
    }

    @Override
    public ChainLookup next(Chain parent, Chain prev, long keyBeg, long keyEnd, Set<LookupFlag> flags) {
        if (!flags.contains(LookupFlag.NOLOCK)) {
            prev.unlock();
        }
        prev.drop();
        return lookup(parent, keyBeg, keyEnd, flags);
    }
}
