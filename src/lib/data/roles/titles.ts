/**
 * What each role is called, for messages and forms. Pure: the UI may import it.
 */
import type { ListRole, SingleRole } from './types';

/** What each role is called in messages and forms. */
export const ROLE_TITLES: Record<SingleRole | ListRole, string> = {
	id: 'ID column',
	label: 'Label column',
	predProbsList: 'Probability list column',
	predLabel: 'Predicted-label column',
	score: 'Score column',
	time: 'Time column',
	split: 'Split column',
	image: 'Image column',
	text: 'Text column',
	predProbs: 'Probability column',
	protected: 'Protected attribute',
	nuisance: 'Nuisance attribute'
};
