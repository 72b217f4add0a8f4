package io.cnnzoo.zoo.resnet;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The stages of a residual network, torchvision's {@code _make_layer} for all of them at once: a table of
 * stages (blocks, planes, stride of the first block) and one {@link ResidualBlock} kind. Block b of stage s
 * (both from 0) is named {@code layer<s+1>.<b>}; the first block of a stage has the stage's stride, the
 * others stride 1. Every residual family of the zoo (CIFAR, ImageNet, pre-activation, wide, ResNeXt) is a
 * stem, one {@code Stages} and a head; a new variant is a new table or a new block, not a new loop.
 *
 * <p>The stage outputs (vertex and channels, timm's {@code feature_info}) are known from the table alone,
 * before anything is built: {@link #output(int)}.
 */
public final class Stages {

    /** One row of the table: {@code blocks} blocks of {@code planes}, the first with {@code stride}. */
    public record Stage(int blocks, int planes, int stride) {
        public Stage {
            if (blocks < 1 || planes < 1 || stride < 1) {
                throw new IllegalArgumentException("a stage needs at least one block, one plane and stride 1, got "
                        + blocks + " blocks of " + planes + " planes at stride " + stride);
            }
        }
    }

    /** A stage's output: its last block's output vertex and its channels. */
    public record Output(String vertex, int channels) {
    }

    private final ResidualBlock block;
    private final List<Stage> stages;

    public Stages(ResidualBlock block, List<Stage> stages) {
        this.block = Objects.requireNonNull(block, "block");
        this.stages = List.copyOf(stages);
    }

    /**
     * The usual table: stage s has {@code blocksPerStage[s]} blocks of {@code planes[s]}; the first stage keeps
     * the map size, every later one halves it (stride 2 in its first block).
     */
    public static Stages of(ResidualBlock block, int[] blocksPerStage, int[] planes) {
        if (blocksPerStage.length != planes.length) {
            throw new IllegalArgumentException(blocksPerStage.length + " block counts for " + planes.length + " stages");
        }
        List<Stage> stages = new ArrayList<>();
        for (int s = 0; s < planes.length; s++) {
            stages.add(new Stage(blocksPerStage[s], planes[s], s == 0 ? 1 : 2));
        }
        return new Stages(block, stages);
    }

    public ResidualBlock block() {
        return block;
    }

    public List<Stage> stages() {
        return stages;
    }

    /** The output of stage {@code stage}, numbered from 1 as torchvision's {@code layer1..layerN}. */
    public Output output(int stage) {
        if (stage < 1 || stage > stages.size()) {
            throw new IllegalArgumentException("stage must be 1.." + stages.size() + ", got " + stage);
        }
        Stage s = stages.get(stage - 1);
        return new Output(block.outputVertex(blockName(stage - 1, s.blocks() - 1)), block.outChannels(s.planes()));
    }

    /** Adds every block, the first reading {@code input} of {@code inChannels}; returns the last stage's output. */
    public String addTo(GraphBuilder graph, String input, int inChannels) {
        String x = input;
        int channels = inChannels;
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            for (int b = 0; b < stage.blocks(); b++) {
                ResidualBlock.Position at = new ResidualBlock.Position(blockName(s, b), x, channels, stage.planes(),
                        b == 0 ? stage.stride() : 1, s == 0 && b == 0);
                x = block.add(graph, at);
                channels = block.outChannels(stage.planes());
            }
        }
        return x;
    }

    private static String blockName(int stage, int block) {
        return "layer" + (stage + 1) + "." + block;
    }
}
