// The floor for fetching runs one by one: a bare HttpClient loop, one GET per id with the key
// header, each body deserialized into a typed object by System.Text.Json (reflection-based, as
// a script author writing C# would). No retries, no error mapping, no pipeline, no ordering.
using System;
using System.Net.Http;
using System.Text.Json;

namespace PantoQa.Bench
{
    public sealed class FloorDevice
    {
        public string platform { get; set; }
        public string device_name { get; set; }
        public string platform_version { get; set; }
    }

    public sealed class FloorRun
    {
        public string id { get; set; }
        public DateTime? created_at { get; set; }
        public string test_framework { get; set; }
        public string context_id { get; set; }
        public string env_id { get; set; }
        public string build_file_id { get; set; }
        public DateTime? runner_create_timestamp { get; set; }
        public DateTime? runner_start_timestamp { get; set; }
        public DateTime? runner_end_timestamp { get; set; }
        public string runner_status { get; set; }
        public string remark { get; set; }
        public string test_run_name { get; set; }
        public string test_flow_id { get; set; }
        public string test_suite_id { get; set; }
        public FloorDevice[] target_device_list { get; set; }
        public string trigger_id { get; set; }
    }

    public sealed class FloorBody
    {
        public FloorRun test_run { get; set; }
    }

    public static class HttpFloor
    {
        private static readonly HttpClient Http = new HttpClient();

        public static FloorRun[] GetRuns(string baseUri, string key, string[] ids)
        {
            var runs = new FloorRun[ids.Length];
            for (int i = 0; i < ids.Length; i++)
            {
                using (var request = new HttpRequestMessage(HttpMethod.Get, baseUri + "/api/v1/qa/external/test-run/" + Uri.EscapeDataString(ids[i])))
                {
                    request.Headers.Add("X-PANTO-API-KEY", key);
                    using (var response = Http.Send(request))
                    {
                        response.EnsureSuccessStatusCode();
                        byte[] body = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                        runs[i] = JsonSerializer.Deserialize<FloorBody>(body).test_run;
                    }
                }
            }

            return runs;
        }
    }
}
