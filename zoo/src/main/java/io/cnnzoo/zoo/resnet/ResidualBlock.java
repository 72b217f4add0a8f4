package io.cnnzoo.zoo.resnet;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

/**
 * One kind of residual unit (torchvision's {@code BasicBlock} or {@code Bottleneck}, a pre-activation
 * unit, a wide or grouped variant): how a block is added to a graph and what it outputs. The options that
 * make a variant (plain or residual, shortcut option, groups, width, dropout) are the implementation's
 * fields; {@link Stages} places the blocks.
 */
public interface ResidualBlock {

    /**
     * Where a block goes: its vertex-name prefix ({@code layer2.0}), the vertex it reads, that vertex's
     * channels, the stage's {@code planes}, the block's stride, and whether it is the network's first block
     * (pre-activation units treat that one specially).
     */
    record Position(String name, String input, int inChannels, int planes, int stride, boolean firstInNetwork) {
    }

    /** Adds the block at {@code at}; returns its output vertex, {@link #outputVertex}{@code (at.name())}. */
    String add(GraphBuilder graph, Position at);

    /** The channels a block of {@code planes} outputs: {@code planes} times the block's expansion. */
    int outChannels(int planes);

    /** The name of the output vertex of the block named {@code name}. */
    String outputVertex(String name);
}
