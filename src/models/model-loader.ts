/** Turns a stored artifact back into a model that scores, whatever kind trained it. */
import { FengkongError } from '../shared/errors.js';
import type { ModelArtifact, ScoringModel } from './domain/scoring-model.js';
import { Scorecard } from './scorecard/scorecard.js';
import { TreeEnsemble } from './trees/tree-ensemble.js';

export function loadModel(artifact: ModelArtifact): ScoringModel {
  switch (artifact.kind) {
    case 'scorecard':
      return Scorecard.fromArtifact(artifact);
    case 'gbdt':
    case 'xgboost':
    case 'onnx':
      return TreeEnsemble.fromArtifact(artifact);
    default:
      throw new FengkongError('MODEL_INVALID', { note: `no loader for model kind ${String(artifact.kind)}` });
  }
}
