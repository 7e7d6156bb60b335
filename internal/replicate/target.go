package replicate

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
	lss3 "github.com/benbjohnson/litestream/s3"
)

// target is a parsed replica URL: Litestream's client for the database, and
// the store for the files kept beside it (the session key).
type target struct {
	name   string // the URL without its query, for messages and logs
	client litestream.ReplicaClient
	side   sideStore
	s3     *lss3.ReplicaClient // nil for a directory
}

// sideStore keeps small files beside the replica.
type sideStore interface {
	put(ctx context.Context, name string, data []byte) error
	get(ctx context.Context, name string) ([]byte, error) // errNotFound when missing
}

var errNotFound = errors.New("not found")

// s3Params are the query parameters an s3:// URL may carry, as Litestream
// reads them; anything else is a typo that would otherwise be ignored.
var s3Params = map[string]bool{
	"endpoint": true, "region": true, "force-path-style": true, "forcePathStyle": true,
	"skip-verify": true, "skipVerify": true, "sign-payload": true, "signPayload": true,
	"require-content-md5": true, "requireContentMD5": true, "storage-class": true, "storageClass": true,
	"sse-customer-algorithm": true, "sseCustomerAlgorithm": true, "sse-customer-key": true, "sseCustomerKey": true,
	"sse-customer-key-md5": true, "sseCustomerKeyMD5": true, "sse-kms-key-id": true, "sseKmsKeyId": true,
	"concurrency": true, "part-size": true, "partSize": true,
}

// CheckURL reports whether rawURL names a replica Broadsheet can use:
// file:///absolute/path or s3://bucket/path with optional parameters.
func CheckURL(rawURL string) error {
	_, err := parse(rawURL)
	return err
}

func parse(rawURL string) (*target, error) {
	const want = "want file:///path/to/dir or s3://bucket/path?endpoint=https://host&region=…"
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("not a URL (%s)", want)
	}
	name := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
	switch u.Scheme {
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return nil, fmt.Errorf("%s: a file URL names an absolute path on this machine, e.g. file:///srv/replica", name)
		}
		if u.RawQuery != "" {
			return nil, fmt.Errorf("%s: a file URL takes no parameters", name)
		}
		p := u.Path
		if runtime.GOOS == "windows" && len(p) >= 3 && p[0] == '/' && p[2] == ':' {
			p = p[1:] // file:///C:/replica
		}
		p = filepath.Clean(filepath.FromSlash(p))
		if !filepath.IsAbs(p) || p == filepath.Dir(p) {
			return nil, fmt.Errorf("%s: name a directory by its absolute path, e.g. file:///srv/replica", name)
		}
		return &target{name: "file://" + filepath.ToSlash(p), client: file.NewReplicaClient(p), side: dirStore(p)}, nil
	case "s3":
		if u.User != nil {
			return nil, fmt.Errorf("s3://…@%s: credentials go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, never in the URL", u.Host)
		}
		if u.Host == "" {
			return nil, fmt.Errorf("%s: name a bucket, e.g. s3://news-replica/broadsheet", name)
		}
		q := u.Query()
		var unknown []string
		for k := range q {
			if !s3Params[k] {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			sort.Strings(unknown)
			return nil, fmt.Errorf("%s: unknown parameter %s (known: endpoint, region, force-path-style, skip-verify, …)", name, strings.Join(unknown, ", "))
		}
		if e := q.Get("endpoint"); e != "" {
			if eu, err := url.Parse(e); err != nil || (eu.Scheme != "http" && eu.Scheme != "https") || eu.Host == "" {
				return nil, fmt.Errorf("%s: endpoint %q: want http://host:port or https://host", name, e)
			}
		}
		prefix := strings.Trim(path.Clean("/"+u.Path), "/")
		c, err := lss3.NewReplicaClientFromURL("s3", u.Host, prefix, q, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		sc := c.(*lss3.ReplicaClient)
		if os.Getenv("AWS_SESSION_TOKEN") != "" {
			// Litestream would sign with the key pair alone; the SDK's own
			// chain reads all three variables.
			sc.AccessKeyID, sc.SecretAccessKey = "", ""
		}
		return &target{name: name, client: sc, side: &bucketStore{c: sc}, s3: sc}, nil
	case "":
		return nil, fmt.Errorf("%q: %s", rawURL, want)
	default:
		return nil, fmt.Errorf("%s: unsupported scheme %q (%s)", name, u.Scheme, want)
	}
}

// dirStore keeps side files in the replica's directory.
type dirStore string

func (d dirStore) put(ctx context.Context, name string, data []byte) error {
	dir := string(d)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+name+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	// CreateTemp makes the file 0600 already; the key is the owner's alone.
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), filepath.Join(dir, name))
}

func (d dirStore) get(ctx context.Context, name string) ([]byte, error) {
	f, err := os.Open(filepath.Join(string(d), name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxKey+1))
}

// bucketStore keeps side files under the replica's path in its bucket, with
// the same endpoint, region, credentials and encryption as Litestream's
// client (whose own S3 client is not reachable from outside its package).
type bucketStore struct {
	c   *lss3.ReplicaClient
	mu  sync.Mutex
	api *s3.Client // made at first use, kept once made
}

func (b *bucketStore) key(name string) string { return path.Join(b.c.Path, name) }

func (b *bucketStore) client(ctx context.Context) (*s3.Client, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.api != nil {
		return b.api, nil
	}
	c := b.c
	build := func(region string) (*s3.Client, error) {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		if c.SkipVerify {
			tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
		}
		opts := []func(*config.LoadOptions) error{
			config.WithRegion(region),
			config.WithHTTPClient(&http.Client{Transport: tr, Timeout: time.Minute}),
		}
		if c.AccessKeyID != "" && c.SecretAccessKey != "" {
			opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, "")))
		}
		cfg, err := config.LoadDefaultConfig(ctx, opts...)
		if err != nil {
			return nil, err
		}
		return s3.NewFromConfig(cfg, func(o *s3.Options) {
			o.UsePathStyle = c.ForcePathStyle
			if c.Endpoint != "" {
				endpoint := c.Endpoint
				if !strings.HasPrefix(endpoint, "http://") && !strings.HasPrefix(endpoint, "https://") {
					endpoint = "https://" + endpoint
				}
				o.BaseEndpoint = aws.String(endpoint)
				// S3-compatible stores often lack the SDK's newer checksums.
				o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
				o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
			}
		}), nil
	}
	region := c.Region
	if region == "" {
		region = lss3.DefaultRegion
	}
	api, err := build(region)
	if err != nil {
		return nil, err
	}
	if c.Region == "" && c.Endpoint == "" {
		// AWS itself, no region given: ask the bucket, as Litestream does.
		r, err := manager.GetBucketRegion(ctx, api, c.Bucket)
		if err != nil {
			return nil, fmt.Errorf("find the bucket's region (or give region= in the URL): %w", err)
		}
		if r != region {
			if api, err = build(r); err != nil {
				return nil, err
			}
		}
	}
	b.api = api
	return api, nil
}

func (b *bucketStore) put(ctx context.Context, name string, data []byte) error {
	api, err := b.client(ctx)
	if err != nil {
		return err
	}
	in := &s3.PutObjectInput{Bucket: aws.String(b.c.Bucket), Key: aws.String(b.key(name)), Body: bytes.NewReader(data)}
	if b.c.SSECustomerKey != "" {
		in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = aws.String(b.c.SSECustomerAlgorithm), aws.String(b.c.SSECustomerKey), aws.String(b.c.SSECustomerKeyMD5)
	}
	if b.c.SSEKMSKeyID != "" {
		in.ServerSideEncryption, in.SSEKMSKeyId = types.ServerSideEncryptionAwsKms, aws.String(b.c.SSEKMSKeyID)
	}
	_, err = api.PutObject(ctx, in)
	return err
}

func (b *bucketStore) get(ctx context.Context, name string) ([]byte, error) {
	api, err := b.client(ctx)
	if err != nil {
		return nil, err
	}
	in := &s3.GetObjectInput{Bucket: aws.String(b.c.Bucket), Key: aws.String(b.key(name))}
	if b.c.SSECustomerKey != "" {
		in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = aws.String(b.c.SSECustomerAlgorithm), aws.String(b.c.SSECustomerKey), aws.String(b.c.SSECustomerKeyMD5)
	}
	out, err := api.GetObject(ctx, in)
	if err != nil {
		var apiErr smithy.APIError
		if errors.As(err, &apiErr) && (apiErr.ErrorCode() == "NoSuchKey" || apiErr.ErrorCode() == "NotFound") {
			return nil, errNotFound
		}
		return nil, err
	}
	defer out.Body.Close()
	return io.ReadAll(io.LimitReader(out.Body, maxKey+1))
}

// Redact is a replica URL as it may be shown: without its query, which may
// carry an encryption key.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(a replica URL)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}
