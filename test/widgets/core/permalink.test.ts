import { expect } from '@open-wc/testing';
import { fragmentId, permalink, queryId } from '../../../widgets/core/permalink.ts';

const ID = '0b7e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

describe('permanent links (core)', () => {
  it('reads an id from the fragment, alone or among other parameters, and nothing else', () => {
    expect(fragmentId('bn-plan', `#bn-plan=${ID}`)).to.equal(ID);
    expect(fragmentId('bn-plan', `#x=1&bn-plan=${ID.toUpperCase()}`)).to.equal(ID.toUpperCase());
    expect(fragmentId('bn-plan', `#not-bn-plan=${ID}`)).to.equal('', 'another parameter that ends alike');
    expect(fragmentId('bn-plan', `#bn-job=${ID}`)).to.equal('');
    expect(fragmentId('bn-plan', '#bn-plan=<script>')).to.equal('');
    expect(fragmentId('bn-plan', '')).to.equal('');
  });

  it('reads an id from the query only when it is one', () => {
    expect(queryId('bn-job', `https://stadt.example/jobs?bn-job=${ID}`)).to.equal(ID);
    expect(queryId('bn-job', 'https://stadt.example/jobs?bn-job=../../admin')).to.equal('');
    expect(queryId('bn-job', 'https://stadt.example/jobs')).to.equal('');
  });

  it('writes the link in the fragment or the query, and back to the page without one', () => {
    const page = 'https://stadt.example/bauen?seite=2';
    expect(permalink('bn-plan', ID, 'fragment', page)).to.equal(`${page}#bn-plan=${ID}`);
    expect(permalink('bn-plan', null, 'fragment', `${page}#bn-plan=${ID}`)).to.equal(`${page}`);
    expect(permalink('bn-job', ID, 'query', `${page}#bn-job=${ID}`)).to.equal(`${page}&bn-job=${ID}`, 'the fragment naming it goes');
    expect(permalink('bn-job', ID, 'query', `${page}#top`)).to.equal(`${page}&bn-job=${ID}#top`, 'another fragment stays');
    expect(permalink('bn-job', null, 'query', `${page}&bn-job=${ID}`)).to.equal(page);
  });
});
