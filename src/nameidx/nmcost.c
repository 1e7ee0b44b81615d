/*
 * nmcost.c - what a nameidx scan costs, so that the planner picks it where it wins.
 *
 * The model follows what a scan does (nmscan.c):
 *
 *   keys       the passenger name's search keys: counted exactly when the
 *              name is a constant, else NAMEIDX_EST_QUERY_KEYS (the median
 *              of the names make bench searches for).
 *   pages      per key, one or two run pages (the directory is cached), plus
 *              the whole pending list and the metapage; amortized over the
 *              loops of a nested-loop join like any index's pages.
 *   candidates per key, the run's average postings per key (run entries over
 *              distinct keys, both on the metapage), but never fewer than
 *              the rows the clause itself is expected to match.
 *   recheck    each candidate costs a heap fetch (charged by the planner from
 *              the selectivity returned here, which is the candidates'
 *              share, not the matches') and one evaluation of the operator,
 *              charged here because for a plain index scan the planner does
 *              not charge lossy index quals.  The operators' functions
 *              declare their real cost (COST 50), which is what makes a
 *              sequential scan over a large list expensive.
 *
 * Scans the keys cannot answer (a constant threshold below the floor, a name
 * with too many keys) read every row: they are costed as such and lose to a
 * sequential scan.  An ORDER BY scan without a WHERE match costs its first
 * phase up front (startup) and every other row after it, so LIMIT k pays
 * little more than the startup.  An index built under other name rules is
 * never chosen (it would raise an error when scanned): the planner is told
 * so with disable_cost and the user with a warning to REINDEX.
 *
 * A path with neither a match nor an ORDER BY (count(*) over the table)
 * would be planned as an index-only scan, since it needs no column, and
 * nameidx cannot return column values.  Such paths cost twice disable_cost,
 * more than even a disabled sequential scan, so they are never taken.
 */
#include "nameidx.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "optimizer/paths.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/selfuncs.h"
#include "utils/spccache.h"

#include "screening.h"

/* Search keys of a passenger name not known at plan time. */
#define NAMEIDX_EST_QUERY_KEYS	30
/* Run pages read per search key: the key's page, sometimes the one before. */
#define NAMEIDX_EST_PAGES_PER_KEY 1.5
/* Decoding a run page, in operator evaluations. */
#define NAMEIDX_DECODE_PAGE_OPS 200
/* Bytes of a ROW posting in the run (delta-coded TIDs). */
#define NAMEIDX_ROW_POSTING_BYTES 2

/* What the planner can tell about one scan. */
typedef struct ScanEstimate
{
	bool		every_row;		/* the keys cannot answer it */
	double		nkeys;			/* search keys */
	double		threshold;		/* as far as known; the floor if not */
} ScanEstimate;

static void
estimate_name(Const *name, ScanEstimate *est)
{
	NameidxSearch search;

	if (name->constisnull)
		return;
	NameidxPrepareSearch(DatumGetTextPP(name->constvalue), est->threshold, &search);
	if (search.every_row)
		est->every_row = true;
	else
		est->nkeys = search.nkeys;
}

/* name_query(passenger, 0.8) with a constant threshold: the threshold. */
static void
estimate_query_call(Node *arg, ScanEstimate *est)
{
	FuncExpr   *f = (FuncExpr *) arg;
	Node	   *t;

	if (!IsA(arg, FuncExpr) || list_length(f->args) != 2)
		return;
	t = strip_implicit_coercions((Node *) lsecond(f->args));
	if (IsA(t, Const) && !((Const *) t)->constisnull && ((Const *) t)->consttype == FLOAT4OID)
	{
		float4		v = DatumGetFloat4(((Const *) t)->constvalue);

		if (isnan(v) || v < SC_INDEX_EXACT_FLOOR || v > 1.0f)
			est->every_row = true;
		else
			est->threshold = v;
	}
}

/* Look at one WHERE clause the index serves. */
static void
estimate_qual(Expr *clause, Oid opfamily, ScanEstimate *est)
{
	OpExpr	   *op = (OpExpr *) clause;
	Node	   *arg;
	int			strategy;

	if (!IsA(clause, OpExpr) || list_length(op->args) != 2)
		return;
	strategy = get_op_opfamily_strategy(op->opno, opfamily);
	arg = strip_implicit_coercions((Node *) lsecond(op->args));

	if (strategy == NAMEIDX_MATCH_SETTING_STRATEGY)
	{
		/* the setting's value now; a later change only changes speed, never the answer */
		est->threshold = screening_match_threshold;
		if (screening_match_threshold < SC_INDEX_EXACT_FLOOR)
			est->every_row = true;
		else if (IsA(arg, Const))
			estimate_name((Const *) arg, est);
	}
	else if (strategy == NAMEIDX_MATCH_QUERY_STRATEGY && !IsA(arg, Const))
		estimate_query_call(arg, est);
	else if (strategy == NAMEIDX_MATCH_QUERY_STRATEGY && !((Const *) arg)->constisnull)
	{
		HeapTupleHeader nq = DatumGetHeapTupleHeader(((Const *) arg)->constvalue);
		bool		isnull;
		Datum		threshold = GetAttributeByNum(nq, 2, &isnull);
		Datum		name;

		if (!isnull)
		{
			float4		t = DatumGetFloat4(threshold);

			if (isnan(t) || t < SC_INDEX_EXACT_FLOOR || t > 1.0f)
				est->every_row = true;
			else
				est->threshold = t;
		}
		name = GetAttributeByNum(nq, 1, &isnull);
		if (!isnull && !est->every_row)
		{
			Const		c;

			memset(&c, 0, sizeof(c));
			c.xpr.type = T_Const;
			c.consttype = TEXTOID;
			c.constvalue = name;
			c.constisnull = false;
			estimate_name(&c, est);
		}
	}
}

/* Pages to read, amortized over the loops as genericcostestimate does. */
static Cost
page_cost(PlannerInfo *root, IndexOptInfo *index, double pages, double loop_count)
{
	double		spc_random_page_cost;
	double		fetched;

	get_tablespace_page_costs(index->reltablespace, &spc_random_page_cost, NULL);
	pages = Max(pages, 1.0);
	if (loop_count > 1)
	{
		fetched = index_pages_fetched(pages * loop_count, index->pages, index->pages, root);
		return fetched * spc_random_page_cost / loop_count;
	}
	fetched = index_pages_fetched(pages, index->pages, index->pages, root);
	return fetched * spc_random_page_cost;
}

void
nmcostestimate(PlannerInfo *root, IndexPath *path, double loop_count,
			   Cost *indexStartupCost, Cost *indexTotalCost,
			   Selectivity *indexSelectivity, double *indexCorrelation,
			   double *indexPages)
{
	IndexOptInfo *index = path->indexinfo;
	Oid			opfamily = index->opfamily[0];
	List	   *quals = NIL;
	ScanEstimate est = {false, NAMEIDX_EST_QUERY_KEYS, SC_INDEX_EXACT_FLOOR};
	NameidxMetaPageData meta;
	Relation	irel;
	Buffer		buf;
	bool		current;
	double		rows;
	double		per_key;
	double		run_entries = 0,
				run_keys = 0,
				run_pages = 0;
	int			r;
	double		candidates;
	double		pages;
	double		row_pages;
	QualCost	qual_cost;
	QualCost	order_cost;
	Cost		cpu_per_candidate;
	Cost		phase1;
	ListCell   *lc;

	*indexCorrelation = 0;

	if (path->indexclauses == NIL && path->indexorderbys == NIL)
	{
		*indexStartupCost = *indexTotalCost = 2.0 * disable_cost;
		*indexSelectivity = 1.0;
		*indexPages = index->pages;
		return;
	}

	/* the metapage: the run's statistics, and whether the index can be used at all */
	irel = index_open(index->indexoid, NoLock);
	buf = ReadBuffer(irel, NAMEIDX_METAPAGE_BLKNO);
	LockBuffer(buf, BUFFER_LOCK_SHARE);
	memcpy(&meta, NameidxPageGetMeta(BufferGetPage(buf)), sizeof(meta));
	current = NameidxPageValid(BufferGetPage(buf), NAMEIDX_META, 0) &&
		meta.magic == NAMEIDX_MAGIC && meta.version == NAMEIDX_VERSION &&
		meta.normalization_version == SC_NORMALIZATION_VERSION &&
		meta.key_version == SC_KEY_VERSION &&
		strncmp(meta.icu_version, NameidxIcuVersion(), sizeof(meta.icu_version)) == 0;
	UnlockReleaseBuffer(buf);
	index_close(irel, NoLock);
	if (!current)
	{
		ereport(WARNING,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("index \"%s\" was built by other name rules than this server uses and is not used",
						get_rel_name(index->indexoid)),
				 errhint("REINDEX the index.")));
		*indexStartupCost = *indexTotalCost = disable_cost;
		*indexSelectivity = 1.0;
		*indexPages = index->pages;
		return;
	}

	foreach(lc, path->indexclauses)
	{
		IndexClause *iclause = lfirst_node(IndexClause, lc);
		ListCell   *lc2;

		foreach(lc2, iclause->indexquals)
		{
			RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc2);

			quals = lappend(quals, rinfo->clause);
		}
	}
	if (quals != NIL)
		estimate_qual((Expr *) linitial(quals), opfamily, &est);	/* the scan uses the first */
	else if (path->indexorderbys != NIL)
	{
		Node	   *arg = strip_implicit_coercions((Node *) lsecond(((OpExpr *) linitial(path->indexorderbys))->args));

		if (IsA(arg, Const))
			estimate_name((Const *) arg, &est);
	}

	rows = Max(index->rel->tuples, Max(index->tuples, (double) meta.nrows));
	rows = Max(rows, 1.0);
	for (r = 0; r < (int) meta.nruns; r++)
	{
		run_entries += (double) meta.runs[r].entries;
		run_keys += (double) meta.runs[r].nkeys;
		run_pages += (double) meta.runs[r].npages;
	}
	per_key = run_entries / Max(run_keys, 1.0);
	row_pages = rows * NAMEIDX_ROW_POSTING_BYTES / BLCKSZ + 1;
	cost_qual_eval(&qual_cost, quals, root);
	cost_qual_eval(&order_cost, path->indexorderbys, root);
	cpu_per_candidate = cpu_index_tuple_cost + qual_cost.per_tuple + order_cost.per_tuple;

	if (est.every_row)
	{
		candidates = rows;
		pages = row_pages + meta.npending_pages + 1;
	}
	else
	{
		Selectivity match = quals ? clauselist_selectivity(root, quals, index->rel->relid, JOIN_INNER, NULL) : 0;

		candidates = Max(est.nkeys * per_key, match * rows);
		candidates = Min(Max(candidates, 1.0), rows);
		/* each key is probed in each run */
		pages = Min(run_pages, est.nkeys * NAMEIDX_EST_PAGES_PER_KEY * Max((int) meta.nruns, 1)) +
			meta.npending_pages + 1;
	}

	phase1 = page_cost(root, index, pages, loop_count) +
		pages * NAMEIDX_DECODE_PAGE_OPS * cpu_operator_cost +
		candidates * cpu_per_candidate;

	if (quals == NIL && path->indexorderbys != NIL && !est.every_row)
	{
		/* ORDER BY alone: the candidates first, then every other row streamed */
		*indexStartupCost = phase1;
		*indexTotalCost = phase1 + page_cost(root, index, row_pages, loop_count) +
			(rows - candidates) * (cpu_index_tuple_cost + order_cost.per_tuple);
		*indexSelectivity = 1.0;
		*indexPages = pages + row_pages;
	}
	else
	{
		/* every candidate is collected before the first is returned */
		*indexStartupCost = phase1;
		*indexTotalCost = phase1;
		*indexSelectivity = candidates / rows;
		*indexPages = pages;
	}
}
