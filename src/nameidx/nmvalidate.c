/*
 * nmvalidate.c - which operator classes nameidx can serve, checked for amvalidate and at CREATE INDEX.
 *
 * nameidx understands exactly three operators, by strategy number:
 *   1  text ~% text         boolean, search      threshold from the setting
 *   2  text ~% name_query   boolean, search      name_query = (name text, threshold float4)
 *   3  text <~%> text       float4, ORDER BY     sorted by a float4 btree family
 * and has no support functions.  Anything else in an operator family would
 * be an operator the scan does not know how to answer, so amvalidate
 * reports it, and CREATE INDEX refuses an operator class that fails the
 * check rather than building an index that might answer wrongly.
 */
#include "nameidx.h"

#include "access/amvalidate.h"
#include "access/htup_details.h"
#include "catalog/pg_amop.h"
#include "catalog/pg_amproc.h"
#include "catalog/pg_index.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_opfamily.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

/* Is typid a composite type (text, float4), as name_query is? */
static bool
is_name_query_type(Oid typid)
{
	Oid			relid = get_typ_typrelid(typid);
	TupleDesc	desc;
	bool		ok;

	if (!OidIsValid(relid))
		return false;
	desc = lookup_rowtype_tupdesc(typid, -1);
	ok = desc->natts == 2 &&
		TupleDescAttr(desc, 0)->atttypid == TEXTOID && !TupleDescAttr(desc, 0)->attisdropped &&
		TupleDescAttr(desc, 1)->atttypid == FLOAT4OID && !TupleDescAttr(desc, 1)->attisdropped;
	ReleaseTupleDesc(desc);
	return ok;
}

/*
 * Is opno implemented by our C function symbol?  The scan knows what each
 * strategy means only for the extension's own operators: an operator with
 * the right signature but another function (say text = text as strategy 1)
 * would be answered wrongly.
 */
static bool
implemented_by(Oid opno, const char *symbol)
{
	Oid			funcid = get_opcode(opno);
	HeapTuple	tup;
	bool		ok = false;

	if (!OidIsValid(funcid))
		return false;
	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	if (HeapTupleIsValid(tup))
	{
		Form_pg_proc proc = (Form_pg_proc) GETSTRUCT(tup);
		bool		isnull;
		Datum		src;

		if (proc->prolang == ClanguageId)
		{
			src = SysCacheGetAttr(PROCOID, tup, Anum_pg_proc_prosrc, &isnull);
			ok = !isnull && strcmp(TextDatumGetCString(src), symbol) == 0;
		}
		ReleaseSysCache(tup);
	}
	return ok;
}

/* Check one operator of the family; report through INFO (amvalidate's way) and return false if wrong. */
static bool
validate_operator(const char *opfamilyname, Form_pg_amop op)
{
	bool		ok = true;

	switch (op->amopstrategy)
	{
		case NAMEIDX_MATCH_SETTING_STRATEGY:
		case NAMEIDX_MATCH_QUERY_STRATEGY:
			if (op->amoppurpose != AMOP_SEARCH ||
				op->amoplefttype != TEXTOID ||
				(op->amopstrategy == NAMEIDX_MATCH_SETTING_STRATEGY ?
				 op->amoprighttype != TEXTOID : !is_name_query_type(op->amoprighttype)) ||
				!check_amop_signature(op->amopopr, BOOLOID, op->amoplefttype, op->amoprighttype) ||
				!implemented_by(op->amopopr, op->amopstrategy == NAMEIDX_MATCH_SETTING_STRATEGY ?
								"screening_name_match_setting_cq" : "screening_name_query_match_cq"))
				ok = false;
			break;
		case NAMEIDX_DISTANCE_STRATEGY:
			if (op->amoppurpose != AMOP_ORDER ||
				op->amoplefttype != TEXTOID || op->amoprighttype != TEXTOID ||
				!check_amop_signature(op->amopopr, FLOAT4OID, TEXTOID, TEXTOID) ||
				!opfamily_can_sort_type(op->amopsortfamily, FLOAT4OID) ||
				!implemented_by(op->amopopr, "screening_name_distance_cq"))
				ok = false;
			break;
		default:
			ereport(INFO,
					(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
					 errmsg("operator family \"%s\" of access method nameidx contains operator %s with invalid strategy number %d",
							opfamilyname, format_operator(op->amopopr), op->amopstrategy)));
			return false;
	}
	if (!ok)
		ereport(INFO,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("operator family \"%s\" of access method nameidx contains operator %s that does not fit strategy %d",
						opfamilyname, format_operator(op->amopopr), op->amopstrategy),
				 errdetail("Strategy 1 is screening.~%%(text, text), 2 screening.~%%(text, name_query), 3 screening.<~%%>(text, text) for ORDER BY with a float4 sort family.")));
	return ok;
}

bool
nmvalidate(Oid opclassoid)
{
	bool		result = true;
	HeapTuple	classtup;
	Form_pg_opclass classform;
	Oid			opfamilyoid;
	HeapTuple	familytup;
	char	   *opfamilyname;
	CatCList   *proclist;
	CatCList   *oprlist;
	bool		seen[NAMEIDX_NSTRATEGIES + 1] = {false};
	int			i;

	classtup = SearchSysCache1(CLAOID, ObjectIdGetDatum(opclassoid));
	if (!HeapTupleIsValid(classtup))
		elog(ERROR, "cache lookup failed for operator class %u", opclassoid);
	classform = (Form_pg_opclass) GETSTRUCT(classtup);
	opfamilyoid = classform->opcfamily;

	familytup = SearchSysCache1(OPFAMILYOID, ObjectIdGetDatum(opfamilyoid));
	if (!HeapTupleIsValid(familytup))
		elog(ERROR, "cache lookup failed for operator family %u", opfamilyoid);
	opfamilyname = pstrdup(NameStr(((Form_pg_opfamily) GETSTRUCT(familytup))->opfname));
	ReleaseSysCache(familytup);

	if (classform->opcintype != TEXTOID)
	{
		ereport(INFO,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("operator class \"%s\" of access method nameidx is for type %s; nameidx indexes text",
						NameStr(classform->opcname), format_type_be(classform->opcintype))));
		result = false;
	}
	if (OidIsValid(classform->opckeytype) && classform->opckeytype != TEXTOID)
	{
		ereport(INFO,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("operator class \"%s\" of access method nameidx declares storage type %s, which nameidx does not use",
						NameStr(classform->opcname), format_type_be(classform->opckeytype))));
		result = false;
	}

	proclist = SearchSysCacheList1(AMPROCNUM, ObjectIdGetDatum(opfamilyoid));
	for (i = 0; i < proclist->n_members; i++)
	{
		Form_pg_amproc proc = (Form_pg_amproc) GETSTRUCT(&proclist->members[i]->tuple);

		ereport(INFO,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("operator family \"%s\" of access method nameidx contains support function %s, but nameidx has no support functions",
						opfamilyname, format_procedure(proc->amproc))));
		result = false;
	}
	ReleaseSysCacheList(proclist);

	oprlist = SearchSysCacheList1(AMOPSTRATEGY, ObjectIdGetDatum(opfamilyoid));
	for (i = 0; i < oprlist->n_members; i++)
	{
		Form_pg_amop op = (Form_pg_amop) GETSTRUCT(&oprlist->members[i]->tuple);

		if (!validate_operator(opfamilyname, op))
			result = false;
		else
			seen[op->amopstrategy] = true;
	}
	ReleaseSysCacheList(oprlist);

	/* a class that cannot search is no use; ORDER BY alone is allowed */
	if (!seen[NAMEIDX_MATCH_SETTING_STRATEGY] && !seen[NAMEIDX_MATCH_QUERY_STRATEGY] &&
		!seen[NAMEIDX_DISTANCE_STRATEGY])
	{
		ereport(INFO,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("operator family \"%s\" of access method nameidx has no operator nameidx can serve",
						opfamilyname)));
		result = false;
	}

	ReleaseSysCache(classtup);
	return result;
}

/* CREATE INDEX refuses an operator class that amvalidate would reject. */
void
NameidxCheckOpclass(Relation index)
{
	bool		isnull;
	Datum		indclass = SysCacheGetAttr(INDEXRELID, index->rd_indextuple,
										   Anum_pg_index_indclass, &isnull);
	Oid			opclass;
	HeapTuple	tup;
	char	   *name;

	if (isnull)
		elog(ERROR, "index \"%s\" has no operator class", RelationGetRelationName(index));
	opclass = ((oidvector *) DatumGetPointer(indclass))->values[0];

	if (nmvalidate(opclass))
		return;
	tup = SearchSysCache1(CLAOID, ObjectIdGetDatum(opclass));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for operator class %u", opclass);
	name = pstrdup(NameStr(((Form_pg_opclass) GETSTRUCT(tup))->opcname));
	ReleaseSysCache(tup);
	ereport(ERROR,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("operator class \"%s\" cannot be used by nameidx", name),
				 errdetail("The messages above say what is wrong with it."),
				 errhint("Use the default operator class, screening.text_name_ops.")));
}
