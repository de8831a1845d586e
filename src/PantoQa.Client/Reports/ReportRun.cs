using System;

namespace PantoQa.Reports
{
    /// <summary>
    /// One run as a report needs it. Built by the caller from whatever it holds (a live
    /// <see cref="TestRun"/>, a deserialized copy, a JSON document), so the writers never depend on
    /// where a run came from.
    /// </summary>
    public sealed class ReportRun
    {
        public ReportRun(string id, string? triggerId, string? runnerStatus)
        {
            Id = id;
            TriggerId = triggerId ?? "";
            RunnerStatus = runnerStatus;
            Outcome = RunStatus.Classify(runnerStatus);
        }

        public string Id { get; }

        /// <summary>Empty for a run that names no trigger.</summary>
        public string TriggerId { get; }

        public string? RunnerStatus { get; }

        public RunOutcome Outcome { get; }

        public string? Name { get; set; }

        /// <summary>The flow or, failing that, the suite the run belongs to.</summary>
        public string? ClassName { get; set; }

        /// <summary>The target devices, already written as text ("android Pixel 8 14").</summary>
        public string? Devices { get; set; }

        public string? Remark { get; set; }

        public DateTime? Start { get; set; }

        public DateTime? End { get; set; }

        /// <summary>End minus start in seconds; 0 when either is unknown or they are out of order.</summary>
        public double Seconds =>
            Start is DateTime start && End is DateTime end && end > start ? (end.ToUniversalTime() - start.ToUniversalTime()).TotalSeconds : 0;

        /// <summary>The run's name and devices, the way a test tab lists it.</summary>
        public string DisplayName
        {
            get
            {
                string name = string.IsNullOrEmpty(Name) ? Id : Name!;
                return string.IsNullOrEmpty(Devices) ? name : name + " (" + Devices + ")";
            }
        }
    }
}
