using System.Net;
using System.Text.Json;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>
/// POST test-flow/trigger and testsuite/trigger against the default scenario's catalog: root
/// flows flow_01 (team payments, p1), flow_login (team identity, p1), flow_search (team
/// discovery, p2); suites suite_smoke (type smoke, team payments and identity), suite_release
/// (type release).
/// </summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class TriggerEndpointTests(SharedEmulator shared)
{
    private static readonly object[] OneDevice = [new { platform = "android", device_name = "Pixel 6", platform_version = "14" }];

    private EmulatorProcess Server => shared.Emulator;

    private static Dictionary<string, object?> Body(object tags, object? devices = null, string appId = "app_01", string? env = null, string? context = null)
    {
        var body = new Dictionary<string, object?> { ["app_id"] = appId, ["tags"] = tags, ["devices"] = devices ?? OneDevice };
        if (env is not null)
        {
            body["env_name"] = env;
        }

        if (context is not null)
        {
            body["context_name"] = context;
        }

        return body;
    }

    private static string[] RunIds(ApiResponse response)
    {
        Assert.True(response.Status == HttpStatusCode.OK, response.Body);
        return [.. response.Json.GetProperty("test_runs").EnumerateArray().Select(r => r.GetString()!)];
    }

    private static void AssertNoMatch(ApiResponse response, string what)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        JsonAssert.Equal($$"""{"detail":"No test {{what}} found matching the provided tags"}""", response.Json);
    }

    private async Task<string[]> FlowNamesAsync(ApiResponse response)
    {
        var names = new List<string>();
        foreach (var id in RunIds(response))
        {
            names.Add((await Server.GetRunAsync(id)).Json.GetProperty("test_run").GetProperty("test_run_name").GetString()!);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task FlowTrigger_StartsOneRunPerMatchedRootFlow_OnEveryDevice_UnderOneTriggerId()
    {
        object[] devices =
        [
            new { platform = "android", device_name = "Pixel 6", platform_version = "14" },
            new { platform = "ios", device_name = "iPhone 15 Pro", platform_version = "17.4" },
        ];
        var response = await Server.TriggerFlowsAsync(Body(new { include = new { priority = new[] { "p1" } } }, devices, "app_ios_01", "staging", "guest"));

        var ids = RunIds(response);
        Assert.Equal(2, ids.Length);
        Assert.Equal("Triggered 2 test flow(s) matched.", response.Json.GetProperty("message").GetString());
        // The documented shape: message and test_runs, nothing else.
        Assert.Equal(["message", "test_runs"], response.Json.EnumerateObject().Select(p => p.Name));

        var runs = new List<JsonElement>();
        foreach (var id in ids)
        {
            runs.Add((await Server.GetRunAsync(id)).Json.GetProperty("test_run"));
        }

        var triggerId = runs[0].GetProperty("trigger_id").GetString()!;
        Assert.All(runs, run =>
        {
            Assert.Equal(triggerId, run.GetProperty("trigger_id").GetString());
            Assert.Equal("app_ios_01", run.GetProperty("build_file_id").GetString());
            Assert.Equal("xcuitest", run.GetProperty("test_framework").GetString());
            Assert.Equal("env_01", run.GetProperty("env_id").GetString());
            Assert.Equal("context_02", run.GetProperty("context_id").GetString());
            Assert.Equal(JsonValueKind.Null, run.GetProperty("test_suite_id").ValueKind);
            JsonAssert.Equal(
                """[{"platform":"android","device_name":"pixel 6","platform_version":"14"},{"platform":"ios","device_name":"iphone 15 pro","platform_version":"17.4"}]""",
                run.GetProperty("target_device_list"));
        });
        Assert.Equal(["flow_01", "flow_login"], runs.Select(r => r.GetProperty("test_flow_id").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["Checkout regression", "Login"], runs.Select(r => r.GetProperty("test_run_name").GetString()).Order(StringComparer.Ordinal));

        var trigger = await Server.GetTriggerAsync(triggerId);
        Assert.Equal(HttpStatusCode.OK, trigger.Status);
        Assert.Equal(ids.Order(StringComparer.Ordinal), trigger.Json.GetProperty("test_runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EachRequest_GetsItsOwnTriggerAndRuns()
    {
        var body = Body(new { include = new { team = new[] { "discovery" } } });
        var first = RunIds(await Server.TriggerFlowsAsync(body));
        var second = RunIds(await Server.TriggerFlowsAsync(body));

        Assert.NotEqual(first, second);
        var firstTrigger = (await Server.GetRunAsync(first[0])).Json.GetProperty("test_run").GetProperty("trigger_id").GetString();
        var secondTrigger = (await Server.GetRunAsync(second[0])).Json.GetProperty("test_run").GetProperty("trigger_id").GetString();
        Assert.NotEqual(firstTrigger, secondTrigger);
    }

    [Fact]
    public async Task DeviceWithoutPlatform_IsStoredWithANullPlatform()
    {
        var ids = RunIds(await Server.TriggerFlowsAsync(Body(new { include = new { team = new[] { "discovery" } } }, new object[] { new { device_name = "Galaxy S24", platform_version = "14" } })));

        JsonAssert.Equal(
            """[{"platform":null,"device_name":"galaxy s24","platform_version":"14"}]""",
            (await Server.GetRunAsync(ids[0])).Json.GetProperty("test_run").GetProperty("target_device_list"));
    }

    [Theory]
    // Within one tag any value matches; across tags every tag must match.
    [InlineData("""{"include":{"team":["payments","discovery"]}}""", "Checkout regression,Search")]
    [InlineData("""{"include":{"team":["payments","identity"],"priority":["p1"]}}""", "Checkout regression,Login")]
    [InlineData("""{"include":{"team":["discovery"],"priority":["p1"]}}""", "")]
    [InlineData("""{"include_tags":{"team":["identity"]}}""", "Login")]
    [InlineData("""{"include":{}}""", "Checkout regression,Login,Search")]
    // Exclude: every flow carrying none of the blocked values.
    [InlineData("""{"exclude":{"team":["payments"]}}""", "Login,Search")]
    [InlineData("""{"exclude_tags":{"priority":["p1"],"team":["discovery"]}}""", "")]
    [InlineData("""{"exclude":{"team":[]}}""", "Checkout regression,Login,Search")]
    // _$NAME: the flow's own name, exactly.
    [InlineData("""{"include_tags":{"_$NAME":["Search","Login"]}}""", "Login,Search")]
    [InlineData("""{"include":{"_$NAME":["search"]}}""", "")]
    [InlineData("""{"exclude_tags":{"_$NAME":["Search"]}}""", "Checkout regression,Login")]
    [InlineData("""{"include":{"_$NAME":["Checkout regression"],"priority":["p2"]}}""", "")]
    // Child flows are never started, even by name.
    [InlineData("""{"include":{"_$NAME":["Pay by card"]}}""", "")]
    public async Task FlowSelection(string tags, string expectedNames)
    {
        var response = await Server.TriggerFlowsAsync(Body(JsonDocument.Parse(tags).RootElement));

        if (expectedNames == "")
        {
            AssertNoMatch(response, "flows");
            return;
        }

        Assert.Equal(expectedNames.Split(','), await FlowNamesAsync(response));
    }

    [Theory]
    [InlineData("""{"include":{"type":["smoke"]}}""", "suite_smoke")]
    [InlineData("""{"include_tags":{"team":["identity"]}}""", "suite_smoke")]
    [InlineData("""{"exclude":{"type":["smoke"]}}""", "suite_release")]
    [InlineData("""{"exclude_tags":{"team":["nobody"]}}""", "suite_release,suite_smoke")]
    [InlineData("""{"exclude":{"type":["smoke","release"]}}""", "")]
    // _$NAME names flows only; suites carry no such tag.
    [InlineData("""{"include_tags":{"_$NAME":["Smoke suite"]}}""", "")]
    public async Task SuiteSelection(string tags, string expectedSuites)
    {
        var response = await Server.TriggerSuitesAsync(Body(JsonDocument.Parse(tags).RootElement));

        if (expectedSuites == "")
        {
            AssertNoMatch(response, "suites");
            return;
        }

        var ids = RunIds(response);
        Assert.Equal($"Triggered {ids.Length} test suite(s) matched.", response.Json.GetProperty("message").GetString());
        var suites = new List<string>();
        foreach (var id in ids)
        {
            var run = (await Server.GetRunAsync(id)).Json.GetProperty("test_run");
            Assert.Equal(JsonValueKind.Null, run.GetProperty("test_flow_id").ValueKind);
            suites.Add(run.GetProperty("test_suite_id").GetString()!);
        }

        Assert.Equal(expectedSuites.Split(','), suites.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SuiteRun_IsNamedAfterItsSuite()
    {
        var ids = RunIds(await Server.TriggerSuitesAsync(Body(new { include = new { type = new[] { "release" } } })));

        var run = (await Server.GetRunAsync(Assert.Single(ids))).Json.GetProperty("test_run");
        Assert.Equal("Release candidate checks", run.GetProperty("test_run_name").GetString());
        Assert.Equal("suite_release", run.GetProperty("test_suite_id").GetString());
    }

    [Theory]
    // Looked up in this order: build, environment, context, then the catalog.
    [InlineData("nope", "nope", "nope", """{"detail":"Build file not found"}""")]
    [InlineData("app_01", "nope", "nope", """{"detail":"Environment not found"}""")]
    [InlineData("app_01", "staging", "nope", """{"detail":"Context not found"}""")]
    [InlineData("app_01", "Staging", null, """{"detail":"Environment not found"}""")]
    public async Task UnknownBuildEnvironmentOrContext_Is404WithTheServiceDetail(string appId, string? env, string? context, string expected)
    {
        foreach (var response in new[]
        {
            await Server.TriggerFlowsAsync(Body(new { include = new { team = new[] { "nobody" } } }, appId: appId, env: env, context: context)),
            await Server.TriggerSuitesAsync(Body(new { include = new { team = new[] { "nobody" } } }, appId: appId, env: env, context: context)),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.Equal("application/json", response.MediaType);
            Assert.Equal(expected, response.Body);
        }
    }

    [Theory]
    [InlineData("{}", """[{"type":"missing","loc":["body","app_id"],"msg":"Field required"},{"type":"missing","loc":["body","tags"],"msg":"Field required"},{"type":"missing","loc":["body","devices"],"msg":"Field required"}]""")]
    [InlineData("""{"app_id":"app_01","tags":{},"devices":[{"device_name":"a","platform_version":"1"}]}""", """[{"type":"value_error","loc":["body","tags"],"msg":"Value error, tags must hold exactly one selector: include (or include_tags) or exclude (or exclude_tags)"}]""")]
    [InlineData("""{"app_id":"app_01","tags":{"include":{"a":["b"]},"exclude":{"a":["c"]}},"devices":[{"device_name":"a","platform_version":"1"}]}""", """[{"type":"value_error","loc":["body","tags"],"msg":"Value error, tags must hold exactly one selector: include (or include_tags) or exclude (or exclude_tags)"}]""")]
    [InlineData("""{"app_id":"app_01","tags":{"include":{"a":["b"]},"include_tags":{"a":["b"]}},"devices":[{"device_name":"a","platform_version":"1"}]}""", """[{"type":"value_error","loc":["body","tags"],"msg":"Value error, tags must hold exactly one selector: include (or include_tags) or exclude (or exclude_tags)"}]""")]
    [InlineData("""{"app_id":"app_01","tags":{"include":{"team":"payments"}},"devices":[]}""", """[{"type":"list_type","loc":["body","tags","include","team"],"msg":"Input should be a valid list"},{"type":"too_short","loc":["body","devices"],"msg":"List should have at least 1 item after validation, not 0"}]""")]
    [InlineData("""{"app_id":7,"tags":{"exclude_tags":{"team":["a",1]}},"devices":[{"platform":2}],"env_name":false}""", """[{"type":"string_type","loc":["body","app_id"],"msg":"Input should be a valid string"},{"type":"string_type","loc":["body","tags","exclude_tags","team",1],"msg":"Input should be a valid string"},{"type":"missing","loc":["body","devices",0,"device_name"],"msg":"Field required"},{"type":"missing","loc":["body","devices",0,"platform_version"],"msg":"Field required"},{"type":"string_type","loc":["body","devices",0,"platform"],"msg":"Input should be a valid string"},{"type":"string_type","loc":["body","env_name"],"msg":"Input should be a valid string"}]""")]
    [InlineData("""{"app_id":"app_01","tags":{"include":[]},"devices":"Pixel 6"}""", """[{"type":"dict_type","loc":["body","tags","include"],"msg":"Input should be a valid dictionary"},{"type":"list_type","loc":["body","devices"],"msg":"Input should be a valid list"}]""")]
    [InlineData("[]", """[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from"}]""")]
    [InlineData("""{"app_id":""", """[{"type":"json_invalid","loc":["body",10],"msg":"JSON decode error"}]""")]
    public async Task InvalidBody_Is422ListingEveryProblem_AsFastApiDoes(string body, string expectedDetail)
    {
        foreach (var response in new[] { await Server.TriggerFlowsAsync(body), await Server.TriggerSuitesAsync(body) })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
            JsonAssert.Equal($$"""{"detail":{{expectedDetail}}}""", response.Json);
        }
    }

    [Fact]
    public async Task UnknownFieldsAndNullOptionals_AreIgnored()
    {
        var response = await Server.TriggerFlowsAsync("""
            {"app_id":"app_01","tags":{"include":{"team":["discovery"]},"exclude":null},"devices":[{"device_name":"a","platform_version":"1","extra":1}],
             "env_name":null,"context_name":null,"priority":"high"}
            """);

        var run = (await Server.GetRunAsync(Assert.Single(RunIds(response)))).Json.GetProperty("test_run");
        Assert.Equal(JsonValueKind.Null, run.GetProperty("env_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("context_id").ValueKind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("expired-key")]
    public async Task WithoutAValidKey_Is401BeforeTheBodyIsLookedAt(string? key)
    {
        var response = await Server.TriggerFlowsAsync("not json", key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("""{"error":"Invalid or expired API key"}""", response.Body);
    }

    [Theory]
    [InlineData(Api.FlowTriggerPath)]
    [InlineData(Api.SuiteTriggerPath)]
    public async Task OtherMethods_Are405AllowingPost(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(Api.KeyHeader, Api.Key);
        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        JsonAssert.Equal("""{"detail":"Method Not Allowed"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Post, path + "/", "{}", Api.Key)).Status);
    }

    [Fact]
    public async Task TriggeredLog_ListsEachRequestThatTookEffect()
    {
        var ids = RunIds(await Server.TriggerSuitesAsync(Body(new { include = new { type = new[] { "smoke" } } })));

        var log = (await Server.SendAsync(HttpMethod.Get, "/_emulator/triggered")).Json.EnumerateArray().ToList();
        var entry = Assert.Single(log, e => e.GetProperty("test_runs")[0].GetString() == ids[0]);
        Assert.Equal("testsuite", entry.GetProperty("endpoint").GetString());
        var triggerId = entry.GetProperty("trigger_id").GetString()!;
        Assert.Equal(triggerId, (await Server.GetRunAsync(ids[0])).Json.GetProperty("test_run").GetProperty("trigger_id").GetString());
    }
}
