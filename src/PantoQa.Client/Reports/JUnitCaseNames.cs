using System.Collections.Generic;

namespace PantoQa.Client.Reports;

/// <summary>
/// The classname and name of each testcase in one suite. Test tabs tell cases apart by the
/// pair (GitLab keeps only the first of equal ones, within a suite) and Jenkins follows a case
/// from build to build by it, so a name is the run's flow or suite name with its devices, which
/// stay the same from build to build, and only runs that would otherwise share a pair add their
/// run id, which does not.
/// </summary>
internal static class JUnitCaseNames
{
    /// <summary>The classname of a run that names neither a flow nor a suite.</summary>
    internal const string DefaultClassName = JUnitReportWriter.Package;

    /// <summary>Classnames and names, in the order of <paramref name="runs"/>; no two pairs are equal.</summary>
#if NET
    // Runs once per run of a report, usually in the only report the process writes: optimized at once, not after warming up.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    internal static (string ClassName, string Name)[] For(IReadOnlyList<ReportRun> runs)
    {
        // Pairs of trimmed strings, not joined ones: a big trigger would make two strings a run.
        var cases = new (string ClassName, string Name)[runs.Count];
        var keys = new (string, string)[runs.Count];
        var sharing = new Dictionary<(string, string), int>(runs.Count);
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            cases[i] = (ReportText.XmlSafe(string.IsNullOrWhiteSpace(run.ClassName) ? DefaultClassName : run.ClassName!), ReportText.XmlSafe(run.DisplayName));
            keys[i] = Key(cases[i].ClassName, cases[i].Name);
            sharing[keys[i]] = sharing.TryGetValue(keys[i], out int count) ? count + 1 : 1;
        }

        var taken = new HashSet<(string, string)>();
        for (int i = 0; i < cases.Length; i++)
        {
            var (className, name) = cases[i];
            var key = keys[i];
            if (sharing[key] > 1 && !string.IsNullOrWhiteSpace(runs[i].Id))
            {
                name += " [" + ReportText.XmlSafe(runs[i].Id) + "]";
                key = Key(className, name);
            }

            // Only runs without an id, or names that happen to read like another's with its id,
            // get this far with a pair already taken.
            string unique = name;
            for (int n = 2; !taken.Add(key); n++)
            {
                unique = name + " #" + ReportText.Number(n);
                key = Key(className, unique);
            }

            cases[i] = (className, unique);
        }

        return cases;
    }

    // Readers trim names (dorny/test-reporter does), so names that differ only at their ends are equal.
    private static (string, string) Key(string className, string name) => (className.Trim(), name.Trim());
}
