package io.cnnzoo.bench.jmh;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;

/**
 * Workspaces for calling one DL4J layer the way a ComputationGraph's training step does: activations,
 * gradients, working memory and the forward cache are allocated in workspaces that are reused on every
 * call (after the first, allocation is a pointer bump), instead of fresh native memory per call.
 */
final class TrainingWorkspaces {

    private static final ArrayType[] TYPES = {ArrayType.ACTIVATIONS, ArrayType.ACTIVATION_GRAD,
            ArrayType.FF_WORKING_MEM, ArrayType.BP_WORKING_MEM, ArrayType.FF_CACHE};

    private final LayerWorkspaceMgr manager;

    TrainingWorkspaces() {
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(0).overallocationLimit(0.2)
                .policyLearning(LearningPolicy.FIRST_LOOP).policyAllocation(AllocationPolicy.OVERALLOCATE)
                .policySpill(SpillPolicy.REALLOCATE).build();
        LayerWorkspaceMgr.Builder builder = LayerWorkspaceMgr.builder();
        for (ArrayType type : TYPES) {
            builder.with(type, "BENCHMARK_" + type, conf);
        }
        // After the workspaces: defaultNoWorkspace() marks every type not yet configured as scoped out.
        manager = builder.defaultNoWorkspace().build();
    }

    LayerWorkspaceMgr manager() {
        return manager;
    }

    /** Opens every workspace for one call; closing the scope frees what the call allocated. */
    Scope open() {
        MemoryWorkspace[] open = new MemoryWorkspace[TYPES.length];
        for (int i = 0; i < TYPES.length; i++) {
            open[i] = manager.notifyScopeEntered(TYPES[i]);
        }
        return () -> {
            for (int i = open.length - 1; i >= 0; i--) {
                open[i].close();
            }
        };
    }

    /** An open set of workspaces. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
