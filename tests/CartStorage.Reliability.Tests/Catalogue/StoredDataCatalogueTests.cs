using CartStorage.Testing;

namespace CartStorage.Reliability.Tests.Catalogue;

/// <summary>
/// The stored-data part of the bad-input catalogue, per backend family: a cart whose stored data cannot be read, or
/// holds a value no write would have stored, is reported as <see cref="CartDataCorruptedException"/> naming the cart
/// (its <see cref="CartStorageException.Identifier"/>, never in the message), never read as empty, never blamed on the
/// caller as an <see cref="ArgumentException"/>, never overwritten by a write, and its neighbour is untouched.
/// (The contract suite's own six cases run on every backend too.)
/// </summary>
public abstract class StoredDataCatalogueTests : IAsyncLifetime
{
    protected const string Default = "default";

    /// <summary>JSON that a jsonb column also holds: wrong shapes, wrong types, missing members.</summary>
    public static TheoryData<string> WrongJson => new()
    {
        "null", "42", "true", "\"text\"", "[null]", "[1]", "{}", "[{\"id\":\"a\"}]",
        "[{\"id\":\"a\",\"name\":\"A\",\"quantity\":\"many\"}]", "[{\"id\":\"a\",\"name\":\"A\",\"price\":\"1.5\"}]",
        "[{\"id\":\"a\",\"name\":\"A\",\"conditions\":[null]}]", "[{\"id\":\"a\",\"name\":\"A\",\"attributes\":[]}]",
        new string('[', 100) + new string(']', 100),
    };

    /// <summary>Items that every write refuses (issue 13): they must not read as a cart and then fail the next write as the caller's error.</summary>
    public static TheoryData<string> InvalidItems => new()
    {
        Items("\"id\":\"a\",\"quantity\":0"),
        Items("\"id\":\"a\",\"quantity\":-5"),
        Items("\"id\":\"a\",\"quantity\":1,\"price\":-1"),
        Items("\"id\":\"a\",\"quantity\":1", "\"id\":\"a\",\"quantity\":2"),
        Items("\"id\":\"\",\"quantity\":1"),
        Items("\"id\":\"a\",\"quantity\":1,\"conditions\":[{\"name\":\"c\",\"type\":\"sale\",\"target\":\"everything\",\"value\":\"-10%\"}]"),
    };

    /// <summary>Versions no write stores: not positive, or the last one (it could never be incremented).</summary>
    public static TheoryData<long> InvalidVersions => new() { 0, -1, long.MinValue, long.MaxValue };

    /// <summary>Well-formed items JSON: every other case changes one thing in it.</summary>
    protected static readonly string ValidItems = Items("\"id\":\"a\",\"quantity\":1");

    protected TestBackend Backend { get; private set; } = null!;

    public async Task InitializeAsync() => Backend = await CreateBackendAsync();

    public Task DisposeAsync() => Backend.DisposeAsync().AsTask();

    [Theory]
    [MemberData(nameof(WrongJson))]
    public Task Wrong_json_is_corruption_never_an_empty_cart_and_is_never_overwritten(string raw) => AssertCorruptionAsync(raw);

    [Theory]
    [MemberData(nameof(InvalidItems))]
    public Task Items_no_write_would_store_are_corruption_never_the_callers_error(string items) =>
        AssertCorruptionAsync(id => Backend.StoreCartAsync(id, Default, items, 1L));

    [Theory]
    [MemberData(nameof(InvalidVersions))]
    public Task A_version_no_write_would_store_is_corruption_never_wrapped(long version) =>
        AssertCorruptionAsync(id => Backend.StoreCartAsync(id, Default, ValidItems, version));

    [Fact]
    public async Task An_item_with_only_an_id_is_valid_stored_data()
    {
        var storage = Backend.Create();
        var id = CartData.NewIdentifier();
        await storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await Backend.StoreCartAsync(id, Default, ValidItems, 1L);

        var item = (await storage.GetItemsAsync(id, Default)).Should().ContainSingle().Which;
        (item.Id, item.Name, item.Price, item.Quantity).Should().Be(("a", "", 0m, 1));
        (await storage.AddItemAsync(id, Default, new CartItem { Id = "a" })).Version.Should().Be(2);
    }

    protected abstract Task<TestBackend> CreateBackendAsync();

    /// <summary>An items array of one object per member list; each item also gets the members the library always writes (name, attributes, conditions).</summary>
    protected static string Items(params string[] members) =>
        "[" + string.Join(",", members.Select(m => "{\"name\":\"\",\"attributes\":{}," + (m.Contains("\"conditions\"", StringComparison.Ordinal) ? "" : "\"conditions\":[],") + m + "}")) + "]";

    protected Task AssertCorruptionAsync(string raw) => AssertCorruptionAsync(id => Backend.StoreRawAsync(id, Default, raw));

    protected async Task AssertCorruptionAsync(Func<string, Task> plant)
    {
        var storage = Backend.Create();
        var id = CartData.NewIdentifier();
        var neighbour = CartData.NewIdentifier("neighbour");
        await storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await storage.PutItemsAsync(neighbour, Default, [CartData.Item("n")]);
        await plant(id);

        var read = await FluentActions.Awaiting(() => storage.GetAsync(id, Default)).Should().ThrowAsync<CartDataCorruptedException>();
        read.Which.Message.Should().Contain("cannot be read").And.NotContain(id);
        read.Which.Identifier.Should().Be(id);
        read.Which.Instance.Should().Be(Default);
        await FluentActions.Awaiting(() => storage.AddItemAsync(id, Default, CartData.Item("b"))).Should().ThrowAsync<CartDataCorruptedException>();
        await FluentActions.Awaiting(() => storage.PutItemsAsync(id, Default, [CartData.Item("b")])).Should().ThrowAsync<CartDataCorruptedException>();
        await FluentActions.Awaiting(() => storage.SaveAsync(id, Default, CartSnapshot.Empty with { Version = 1 })).Should().ThrowAsync<CartDataCorruptedException>();
        await FluentActions.Awaiting(() => storage.GetItemsAsync(id, Default)).Should().ThrowAsync<CartDataCorruptedException>("a write must not have replaced the unreadable cart");

        (await storage.GetItemsAsync(neighbour, Default)).Select(i => i.Id).Should().Equal("n");
        await storage.ForgetAsync(id, Default);
        (await storage.HasAsync(id, Default)).Should().BeFalse("ForgetAsync is the documented way out");
    }
}

/// <summary>The cache family: one JSON document per cart (docs/stored-format.md), so also text that is not JSON and unknown formats.</summary>
public abstract class CacheStoredDataCatalogueTests : StoredDataCatalogueTests
{
    public static TheoryData<string> BrokenDocuments => new()
    {
        "", "not json", "{\"format\":1,\"items\":[{\"id\":\"a\"", "\uFEFF{", "{\"format\":2,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"version\":1,\"items\":[],\"conditions\":[],\"metadata\":{}}",
        "{\"format\":0,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"version\":1,\"items\":[],\"conditions\":[],\"metadata\":{}}",
        "{\"format\":1,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"items\":[],\"conditions\":[],\"metadata\":{}}",
        "{\"format\":1,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"version\":0,\"items\":[],\"conditions\":[],\"metadata\":{}}",
        "{\"format\":1,\"id\":\"not-a-guid\",\"version\":1,\"items\":[],\"conditions\":[],\"metadata\":{}}",
        "{\"format\":1,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"version\":1,\"createdAt\":\"yesterday\",\"items\":[],\"conditions\":[],\"metadata\":{}}",
        "{\"format\":1,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"version\":1,\"items\":[],\"conditions\":[],\"metadata\":[]}",
        "{\"format\":\"1\",\"version\":1,\"items\":[],\"conditions\":[],\"metadata\":{}}",
    };

    [Theory]
    [MemberData(nameof(BrokenDocuments))]
    public Task A_broken_document_is_corruption_never_an_empty_cart_and_is_never_overwritten(string raw) => AssertCorruptionAsync(raw);

    /// <summary>
    /// Issue 13: a cart whose generation is missing or null read as "another generation", i.e. missing, and the next
    /// write replaced it with an empty cart. Also the other required members, and values of the wrong JSON type.
    /// </summary>
    public static TheoryData<string> MissingOrMistypedMembers => new()
    {
        TestBackend.CacheDocument("\"version\":1"),
        TestBackend.CacheDocument("\"generation\":null,\"version\":1"),
        TestBackend.CacheDocument("\"generation\":\"\",\"version\":1"),
        TestBackend.CacheDocument("\"generation\":0,\"version\":1"),
        TestBackend.CacheDocument("\"generation\":\"0\",\"version\":null"),
        TestBackend.CacheDocument("\"generation\":\"0\",\"version\":\"1\""),
        TestBackend.CacheDocument("\"generation\":\"0\",\"version\":1.5"),
        TestBackend.CacheDocument("\"generation\":\"0\",\"version\":1", "null"),
        TestBackend.CacheDocument("\"generation\":\"0\",\"version\":1", "{}"),
        TestBackend.CacheDocument("\"generation\":\"0\",\"version\":1", Items("\"id\":\"a\\uD800\",\"quantity\":1")),
        TestBackend.CacheDocument("\"generation\":\"0\",\"version\":1").Replace("\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",", "", StringComparison.Ordinal),
        TestBackend.CacheDocument("\"generation\":\"0\",\"version\":1").Replace("\"createdAt\":\"2026-01-01T00:00:00+00:00\",", "", StringComparison.Ordinal),
        TestBackend.CacheDocument("\"generation\":\"0\",\"version\":1").Replace("\"conditions\":[],", "\"conditions\":null,", StringComparison.Ordinal),
    };

    [Theory]
    [MemberData(nameof(MissingOrMistypedMembers))]
    public Task A_missing_null_or_mistyped_member_is_corruption_never_a_missing_cart(string raw) => AssertCorruptionAsync(raw);

    [Fact]
    public async Task The_well_formed_document_of_these_cases_reads_as_a_cart()
    {
        var storage = Backend.Create();
        var id = CartData.NewIdentifier();
        await storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await Backend.StoreRawAsync(id, Default, TestBackend.CacheDocument("\"generation\":\"0\",\"version\":7", Items("\"id\":\"b\",\"quantity\":1")));

        var cart = await storage.GetAsync(id, Default);

        cart!.Version.Should().Be(7, "the cases above differ from a readable cart only in the member they break");
        cart.Items.Should().ContainSingle().Which.Id.Should().Be("b");
    }
}

public sealed class MemoryCacheStoredDataCatalogueTests : CacheStoredDataCatalogueTests
{
    protected override Task<TestBackend> CreateBackendAsync() => Task.FromResult(TestBackend.MemoryCache());
}

public sealed class RedisCacheStoredDataCatalogueTests : CacheStoredDataCatalogueTests
{
    protected override Task<TestBackend> CreateBackendAsync() => TestBackend.RedisCacheAsync(locking: true);
}

/// <summary>The database family (items, conditions and metadata columns, the same raw value planted in all three) on SQLite.</summary>
public sealed class SqliteStoredDataCatalogueTests : StoredDataCatalogueTests
{
    /// <summary>SQLite keeps the columns as text, so text that is not JSON fits too.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[{\"id\":\"a\"")]
    public Task Text_that_is_not_json_is_corruption_never_an_empty_cart_and_is_never_overwritten(string raw) => AssertCorruptionAsync(raw);

    /// <summary>SQLite columns take any type: a version that is text, a timestamp that is not one, an unpaired surrogate in JSON text.</summary>
    [Theory]
    [InlineData("many")]
    [InlineData("1.5")]
    public Task A_version_column_of_the_wrong_type_is_corruption(string version) =>
        AssertCorruptionAsync(id => Backend.StoreCartAsync(id, Default, ValidItems, version));

    [Fact]
    public Task An_item_id_with_an_unpaired_surrogate_is_corruption() =>
        AssertCorruptionAsync(id => Backend.StoreCartAsync(id, Default, Items("\"id\":\"a\\uD800\",\"quantity\":1"), 1L));

    protected override Task<TestBackend> CreateBackendAsync() => Task.FromResult(TestBackend.Sqlite(lockForUpdate: false));
}

/// <summary>The database family on PostgreSQL (jsonb columns: only JSON can be planted).</summary>
public sealed class PostgreSqlStoredDataCatalogueTests : StoredDataCatalogueTests
{
    protected override Task<TestBackend> CreateBackendAsync() => TestBackend.PostgreSqlAsync(lockForUpdate: true);
}
