import type { DatasetSummary } from '$lib/data/dataset';
import type { ColumnInfo, Roles } from '$lib/data/roles';

/** The open dataset: its summary from the engine and the roles of its columns. */
export class Dataset {
	summary = $state.raw<DatasetSummary | null>(null);
	roles = $state<Roles>({ protected: [], nuisance: [] });

	/** The dataset's columns, and the attributes Plumb measured (image brightness...), which can be nuisance attributes like any column. */
	get columns(): ColumnInfo[] {
		const s = this.summary;
		if (!s) return [];
		const rows = s.overview.rows;
		return [
			...s.overview.columns.map((c) => ({ name: c.name, type: c.type, distinct: c.distinct, nulls: c.nulls, rows })),
			...s.measured.filter((m) => !s.overview.columns.some((c) => c.name === m.name)).map((m) => ({ name: m.name, type: 'DOUBLE', distinct: rows, nulls: 0, rows }))
		];
	}

	/** Attributes worth slicing by: protected, nuisance, and measured ones. */
	get sliceCandidates(): string[] {
		return [...new Set([...this.roles.protected, ...this.roles.nuisance, ...(this.summary?.measured.map((m) => m.name) ?? [])])];
	}

	/** The roles as a plain object, to send to the engine. */
	get plainRoles(): Roles {
		return $state.snapshot(this.roles) as Roles;
	}
}
